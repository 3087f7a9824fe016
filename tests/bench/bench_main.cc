// arxiv-triage-bench (`make bench`): speed and memory figures, each next to an anchor measured in
// the same run, with the ratio and, where issue 7 set one, the target and whether it is met. Every
// in-process measurement runs in a forked child, so its peak memory is its own.
//
//  1. import of the whole replay into a fresh index (one shard per core, merged), and on one
//     thread; anchors: plain single-threaded Xapian indexing and SQLite FTS5 (porter) of the
//     same parsed papers.
//  2. one day's digest (the busiest) for the 5 default profiles and for 1,000 variants of them;
//     anchor: the same 5 queries as plain BM25.
//  3. taking 1,000 judgments as feedback; anchor: reading every paper's features once.
//  4. search latency in process; anchor: the same queries in FTS5.
//  5. the HTTP API under `wrk` (papers search, digest) on a real `serve`, its peak memory.
//  6. the same at BENCH_SCALE (default 10) times the corpus: the replay's papers under new ids.
//
// Environment: BENCH_WRK_SECONDS (default 30), BENCH_CONNECTIONS (64), BENCH_SCALE (10).
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "index/paper_store.h"
#include "tests/bench/digest_bench.h"
#include "tests/bench/feedback_bench.h"
#include "tests/bench/fts5_baseline.h"
#include "tests/bench/import_bench.h"
#include "tests/bench/profiles_1000.h"
#include "tests/bench/replay_corpus.h"
#include "tests/bench/wrk_load.h"

namespace {

namespace fs = std::filesystem;
using namespace arxiv::bench;

// Real searches over the replay's subjects (cs.CV, cs.CL, cs.AI, cs.LG), without stop words so
// that FTS5's AND means the same as arxiv-triage's.
const std::vector<std::string> kQueries = {"neural architecture search",
                                           "diffusion models",
                                           "large language model reasoning",
                                           "graph neural networks",
                                           "reinforcement learning human feedback",
                                           "compositional generalization",
                                           "sparse autoencoders",
                                           "vision transformer segmentation"};
constexpr int kSearchRounds = 25;
constexpr int kDigestRuns = 200;
constexpr int kManyProfiles = 1000;
constexpr int kManyProfileRuns = 20;
constexpr double kImportTarget = 2000, kManyProfilesTargetMs = 1000, kSearchP99TargetMs = 25,
                 kSearchRateTarget = 1000, kDigestRateTarget = 5000, kServeTargetMb = 200;

std::vector<TargetLine> targets;

double mb(long kb) { return static_cast<double>(kb) / 1024; }

void target(const std::string& what, const std::string& figure, bool met) {
  std::printf("   target %s: %s, %s\n", what.c_str(), figure.c_str(), verdict(met));
  targets.push_back({what, figure, met});
}

std::string figure_text(const char* pattern, double a, double b = 0) {
  char text[128];
  std::snprintf(text, sizeof text, pattern, a, b);
  return text;
}

void import_row(const char* label, const Figures& f, uint64_t disk) {
  std::printf(
      "   %-38s %8.0f papers in %6.1f s = %6.0f papers/s, peak RSS %6.0f MB, on disk %6.0f MB\n",
      label, f.count, f.seconds, f.count / f.seconds, mb(f.peak_rss_kb), megabytes(disk));
}

void latency_row(const char* label, const Figures& f) {
  std::printf("   %-44s p50 %8.2f ms  p99 %8.2f ms\n", label, f.p50_ms, f.p99_ms);
}

void load_row(const char* label, const LoadFigures& f) {
  std::printf(
      "   %-38s %7.0f req/s  p50 %8.2f ms  p99 %8.2f ms  (%ld requests; errors: %ld HTTP, %ld "
      "socket)\n",
      label, f.requests_per_s, f.p50_ms, f.p99_ms, f.requests, f.http_errors, f.socket_errors);
}

struct Corpus {
  std::string name;               // "1x", "10x"
  std::vector<fs::path> sources;  // what import_paths is given
  std::vector<fs::path> files;    // the listing files in them
  fs::path ours, fts5;            // the data directory and the FTS5 file made from them
};

struct ImportResult {
  Figures ours, fts5;
  uint64_t ours_disk = 0, fts5_disk = 0;
};

ImportResult import_both(const Corpus& c) {
  ImportResult r;
  r.ours = in_child([&] { return import_ours(c.sources, c.ours); });
  r.ours_disk = disk_size(arxiv::index_path(c.ours));
  import_row(("arxiv-triage import " + c.name).c_str(), r.ours, r.ours_disk);
  r.fts5 = in_child([&] { return fts5_import(c.files, c.fts5); });
  r.fts5_disk = disk_size(c.fts5);
  import_row(("anchor: SQLite FTS5 " + c.name).c_str(), r.fts5, r.fts5_disk);
  std::printf("   ratio ours / FTS5: papers/s %.2f, peak RSS %.2f, on disk %.2f\n",
              (r.ours.count / r.ours.seconds) / (r.fts5.count / r.fts5.seconds),
              static_cast<double>(r.ours.peak_rss_kb) / r.fts5.peak_rss_kb,
              static_cast<double>(r.ours_disk) / r.fts5_disk);
  return r;
}

void search_both(const Corpus& c) {
  const Figures ours = in_child([&] { return search_ours(c.ours, kQueries, kSearchRounds); });
  const Figures fts5 = in_child([&] { return fts5_search(c.fts5, kQueries, kSearchRounds); });
  latency_row(("arxiv-triage search, in process, " + c.name).c_str(), ours);
  latency_row(("anchor: FTS5 top 20 + count, in process, " + c.name).c_str(), fts5);
  std::printf("   ratio ours / FTS5: p50 %.2f, p99 %.2f  (%zu queries x %d rounds)\n",
              ours.p50_ms / fts5.p50_ms, ours.p99_ms / fts5.p99_ms, kQueries.size(), kSearchRounds);
}

// wrk on papers search and the digest of `day`; returns serve's peak memory in kB.
long load(const Corpus& c, const fs::path& bin, const fs::path& scratch, const std::string& day,
          bool judge) {
  const int seconds = env_int("BENCH_WRK_SECONDS", 30);
  const int connections = env_int("BENCH_CONNECTIONS", 64);
  ServeProcess serve(bin, c.ours, scratch / ("serve-" + c.name));
  if (!serve.ok()) return 0;
  std::vector<std::string> search_paths;
  for (std::string q : kQueries) {
    std::replace(q.begin(), q.end(), ' ', '+');
    search_paths.push_back("/api/v1/papers?q=" + q);
  }
  const std::vector<std::string> digest_paths = {"/api/v1/digest?date=" + day};
  for (const auto& paths : {search_paths, digest_paths}) {
    if (auto failed = check_paths(serve.port(), paths); !failed.empty())
      std::fprintf(stderr, "bench: before the load, %s\n", failed.c_str());
  }
  std::printf("   wrk -t2 -c%d -d%ds, serve on the %s index\n", connections, seconds,
              c.name.c_str());
  const LoadFigures search = run_wrk(serve.port(), search_paths, seconds, connections, scratch);
  load_row("GET /api/v1/papers?q=...", search);
  const LoadFigures digest = run_wrk(serve.port(), digest_paths, seconds, connections, scratch);
  load_row(("GET /api/v1/digest?date=" + day).c_str(), digest);
  const long peak = serve.peak_rss_kb();
  std::printf("   serve peak memory (VmHWM) during the load: %.0f MB\n", mb(peak));
  if (judge) {
    target("search p99 < 25 ms at >= 1,000 req/s (" + c.name + ")",
           figure_text("p99 %.1f ms at %.0f req/s", search.p99_ms, search.requests_per_s),
           search.ran && search.http_errors + search.socket_errors == 0 &&
               search.p99_ms < kSearchP99TargetMs && search.requests_per_s >= kSearchRateTarget);
    target("digest >= 5,000 req/s (" + c.name + ")",
           figure_text("%.0f req/s", digest.requests_per_s),
           digest.ran && digest.http_errors + digest.socket_errors == 0 &&
               digest.requests_per_s >= kDigestRateTarget);
  }
  return peak;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s SHARED_DATA_DIR SCRATCH_DIR ARXIV_TRIAGE_BIN\n", argv[0]);
    return 2;
  }
  const fs::path shared = argv[1], scratch = argv[2], bin = argv[3];
  const fs::path replay = shared / "replay" / "rss", labels = shared / ".." / "eval" / "labels-dev";
  const int scale = env_int("BENCH_SCALE", 10);
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  const Corpus one{
      "1x", {replay}, listing_files(replay), scratch / "ours-1x", scratch / "fts5-1x.db"};

  std::printf("arxiv-triage bench: %ld cores, %s\n\n", sysconf(_SC_NPROCESSORS_ONLN),
              replay.c_str());
  std::printf("1. import of the replay (%zu listing files) into a fresh index\n", one.files.size());
  const ImportResult imported = import_both(one);
  const Figures plain =
      in_child([&] { return import_plain_xapian(one.files, scratch / "plain-xapian"); });
  import_row("anchor: plain Xapian (title+abstract)", plain, disk_size(scratch / "plain-xapian"));
  const Figures serial =
      in_child([&] { return import_ours(one.sources, scratch / "ours-1x-serial", 1); });
  import_row("arxiv-triage import 1x, one thread", serial,
             disk_size(arxiv::index_path(scratch / "ours-1x-serial")));
  fs::remove_all(scratch / "ours-1x-serial");
  const double ours_rate = imported.ours.count / imported.ours.seconds;
  std::printf("   ratio ours / plain Xapian: papers/s %.2f; one thread / plain Xapian: %.2f\n",
              ours_rate / (plain.count / plain.seconds),
              (serial.count / serial.seconds) / (plain.count / plain.seconds));
  target("import >= 2,000 papers/s", figure_text("%.0f papers/s", ours_rate),
         ours_rate >= kImportTarget);

  const BusiestDay day = busiest_day(one.ours);
  if (day.day.empty()) return 1;
  std::printf("\n2. digest of %s (%zu papers, the busiest day)\n", day.day.c_str(), day.papers);
  const auto& defaults = arxiv::default_profiles();
  const arxiv::Feedback feedback = dev_feedback(labels);
  arxiv::ModelCache models;
  const Figures d5 = in_child(
      [&] { return digest_ours(one.ours, day.day, defaults, kDigestRuns, nullptr, nullptr); });
  const Figures d5_fed = in_child(
      [&] { return digest_ours(one.ours, day.day, defaults, kDigestRuns, &feedback, &models); });
  const Figures d5_cold = in_child([&] {
    return digest_ours(one.ours, day.day, defaults, kDigestRuns / 10, &feedback, nullptr);
  });
  const Figures d5_plain =
      in_child([&] { return digest_plain_bm25(one.ours, day.day, kDigestRuns); });
  const auto many = profile_variants(kManyProfiles);
  for (const auto& p : many) {
    if (auto s = arxiv::validate_profile(p); !s.ok())
      std::fprintf(stderr, "bench: %s\n", s.error().message.c_str());
  }
  const Figures d1000 = in_child(
      [&] { return digest_ours(one.ours, day.day, many, kManyProfileRuns, nullptr, nullptr); });
  latency_row("5 default profiles (explained), 200 runs", d5);
  latency_row("anchor: their queries as plain BM25", d5_plain);
  latency_row("  5 with feedback, models kept", d5_fed);
  latency_row("  5 with feedback, trained each run", d5_cold);
  latency_row("1,000 profile variants, 20 runs", d1000);
  std::printf("   ratio 5 profiles / plain BM25 (p50): %.2f; 1,000 / 5 profiles (p50): %.0f\n",
              d5.p50_ms / d5_plain.p50_ms, d1000.p50_ms / d5.p50_ms);
  target("1,000 profiles < 1 s (p99)",
         figure_text("p50 %.0f ms, p99 %.0f ms", d1000.p50_ms, d1000.p99_ms),
         d1000.count > 0 && d1000.p99_ms < kManyProfilesTargetMs);

  const auto judgments = thousand_judgments(labels, one.ours);
  std::printf("\n3. taking %zu judgments as feedback for one profile\n", judgments.size());
  const Figures fb =
      in_child([&] { return feedback_ours(one.ours, scratch / "feedback", judgments); });
  const Figures all = in_child([&] { return read_all_features(one.ours); });
  std::printf("   %-38s %6.3f s (%.0f papers judged in the index)\n", "arxiv-triage store + train",
              fb.seconds, fb.count);
  std::printf("   %-38s %6.3f s (%.0f papers)\n", "anchor: read all papers' features", all.seconds,
              all.count);
  std::printf("   ratio ours / anchor: %.2f\n", fb.seconds / all.seconds);

  std::printf("\n4. search, in process, 1x\n");
  search_both(one);
  std::printf("\n5. the HTTP API under load, 1x\n");
  const long serve_1x = load(one, bin, scratch, day.day, true);

  Corpus big{std::to_string(scale) + "x",
             {replay, scratch / "copies"},
             {},
             scratch / "ours-big",
             scratch / "fts5-big.db"};
  std::printf("\n6. %s corpus: the replay and %d copies under new ids and days\n", big.name.c_str(),
              scale - 1);
  if (write_copies(replay, scratch / "copies", scale) == 0 && scale > 1) return 1;
  for (const auto& s : big.sources) {
    auto files = listing_files(s);
    big.files.insert(big.files.end(), files.begin(), files.end());
  }
  const ImportResult grown = import_both(big);
  std::printf(
      "   growth %s / 1x: papers %.1f, import time ours %.1f, FTS5 %.1f; on disk ours %.1f, FTS5 "
      "%.1f\n",
      big.name.c_str(), grown.ours.count / imported.ours.count,
      grown.ours.seconds / imported.ours.seconds, grown.fts5.seconds / imported.fts5.seconds,
      static_cast<double>(grown.ours_disk) / imported.ours_disk,
      static_cast<double>(grown.fts5_disk) / imported.fts5_disk);
  search_both(big);
  const long serve_big = load(big, bin, scratch, day.day, false);
  std::printf("   serve peak memory %s / 1x: %.2f\n", big.name.c_str(),
              static_cast<double>(serve_big) / serve_1x);
  target("serve < 200 MB at the " + big.name + " index", figure_text("%.0f MB", mb(serve_big)),
         serve_big > 0 && mb(serve_big) < kServeTargetMb);

  std::printf("\nTargets (issue 7)\n");
  for (const auto& t : targets)
    std::printf("   %-7s %-44s %s\n", verdict(t.met), t.target.c_str(), t.figure.c_str());
  fs::remove_all(scratch);
  return 0;
}
