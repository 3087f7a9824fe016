// arxiv-triage-bench: speed and memory figures, each next to a baseline measured in the same run
// (`make bench`). Every measurement runs in a forked child so peak memory is its own.
//
//  1. import of the whole replay into a fresh index: papers/s, peak RSS, size on disk; baseline:
//     plain single-threaded Xapian indexing of the same parsed papers (TermGenerator over title and
//     abstract, add_document, commit every 1,000: the best plain setting in xapian.md).
//  2. one day's digest for the five default profiles on the busiest day: p50/p99 over repeated
//     runs, without and with the dev judgments as feedback; baseline: the same profile queries as
//     plain BM25 without bonuses or explanations.
//  3. taking 1,000 judgments as feedback: storing them (SQLite) and training the profile's model;
//     baseline: reading every paper's features once, the least that a corpus-wide retrain per
//     request (arxiv-sanity-lite's SVM) must do.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fetcher/listing_parser.h"
#include "fetcher/source_file.h"
#include "index/feedback_model.h"
#include "index/feedback_store.h"
#include "index/importer.h"
#include "index/labels.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/ranker.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Figures {
  double seconds = 0;
  double count = 0;  // papers imported, or runs made
  double p50_ms = 0, p99_ms = 0;
  long peak_rss_kb = 0;
};

// Runs `work` in a child process; the child writes its Figures through a pipe.
Figures in_child(const std::function<Figures()>& work) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Figures f = work();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    f.peak_rss_kb = usage.ru_maxrss;
    if (write(fds[1], &f, sizeof f) != sizeof f) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  Figures f;
  if (read(fds[0], &f, sizeof f) != sizeof f) std::fprintf(stderr, "bench: a measurement failed\n");
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return f;
}

uint64_t disk_size(const fs::path& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Figures import_ours(const fs::path& replay, const fs::path& data) {
  auto start = Clock::now();
  auto summary = arxiv::import_paths(data, {replay.string()}, {});
  Figures f;
  f.seconds = since(start);
  if (summary.ok()) f.count = static_cast<double>(summary->papers.added);
  return f;
}

Figures import_plain(const fs::path& replay, const fs::path& dir) {
  auto start = Clock::now();
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  Figures f;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(replay)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto bytes = arxiv::read_source_file(file.string());
    if (!bytes.ok()) continue;
    auto feed = arxiv::parse_listing_feed(bytes.value());
    if (!feed.ok()) continue;
    for (const auto& p : feed->papers) {
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(p.title);
      tg.increase_termpos();
      tg.index_text(p.abstract);
      doc.add_boolean_term("Q" + p.id);
      doc.set_data(p.title);
      db.add_document(doc);
      if (static_cast<long>(++f.count) % 1000 == 0) db.commit();
    }
  }
  db.commit();
  f.seconds = since(start);
  return f;
}

Figures latencies(std::vector<double> ms) {
  Figures f;
  std::sort(ms.begin(), ms.end());
  f.count = static_cast<double>(ms.size());
  f.p50_ms = ms[ms.size() / 2];
  f.p99_ms = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  return f;
}

Figures digest_ours(const fs::path& data, const std::string& day, int runs,
                    const arxiv::Feedback* feedback, arxiv::ModelCache* models) {
  auto reader = arxiv::PaperReader::open(data);
  const auto& profiles = arxiv::default_profiles();
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    arxiv::DigestOptions options;
    options.day = day;
    options.feedback = feedback;
    options.models = models;
    auto digest = arxiv::build_digest(*reader.value(), profiles, options);
    ms.push_back(since(start) * 1000);
    if (!digest.ok()) return {};
  }
  return latencies(ms);
}

Figures digest_plain(const fs::path& data, const std::string& day, int runs) {
  Xapian::Database db(arxiv::index_path(data).string());
  Xapian::QueryParser qp;
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    for (const auto& p : arxiv::default_profiles()) {
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(
          Xapian::Query::OP_FILTER, qp.parse_query(p.query),
          Xapian::Query("D" + day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2))));
      Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(p.limit));
      for (auto it = mset.begin(); it != mset.end(); ++it) (void)it.get_document().get_data();
    }
    ms.push_back(since(start) * 1000);
  }
  return latencies(ms);
}

// Likes and dismissals of every profile from the dev judgments.
arxiv::Feedback dev_feedback(const fs::path& labels_dir) {
  arxiv::Feedback feedback;
  auto labels = arxiv::load_labels_dir(labels_dir);
  if (!labels.ok()) return feedback;
  for (const auto& [profile, judgments] : *labels)
    feedback[profile] = arxiv::feedback_from(judgments);
  return feedback;
}

// 1,000 judgments for one profile: its dev likes, the other dev judgments as dismissals, and
// evenly spaced papers of the index as more dismissals.
std::vector<arxiv::Judgment> thousand_judgments(const fs::path& labels_dir, const fs::path& data) {
  std::vector<arxiv::Judgment> out;
  auto labels = arxiv::load_labels_dir(labels_dir);
  if (!labels.ok()) return out;
  std::set<std::string> seen;
  for (const auto& [profile, judgments] : *labels) {
    for (const auto& j : judgments) {
      const auto grade = profile == "nas" ? j.grade : arxiv::Grade::kDismiss;
      if (grade != arxiv::Grade::kNeutral && seen.insert(j.id).second) out.push_back({j.id, grade});
    }
  }
  Xapian::Database db(arxiv::index_path(data).string());
  for (Xapian::docid d = 1; d <= db.get_lastdocid() && out.size() < 1000; d += 61) {
    auto json = nlohmann::json::parse(db.get_document(d).get_data(), nullptr, false);
    if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) continue;
    const std::string id = json["id"];
    if (seen.insert(id).second) out.push_back({id, arxiv::Grade::kDismiss});
  }
  return out;
}

Figures feedback_ours(const fs::path& data, const fs::path& scratch,
                      const std::vector<arxiv::Judgment>& judgments) {
  arxiv::SystemClock clock;
  auto start = Clock::now();
  auto store = arxiv::FeedbackStore::open(scratch, clock);
  if (!store.ok() || !store->record("nas", judgments).ok()) return {};
  auto feedback = store->for_profile("nas");
  auto reader = arxiv::PaperReader::open(data);
  if (!feedback.ok() || !reader.ok()) return {};
  arxiv::TermVectors vectors(reader.value()->database());
  auto model = arxiv::FeedbackModel::train(reader.value()->database(), vectors, *feedback);
  Figures f;
  f.seconds = since(start);
  f.count = static_cast<double>(model.likes() + model.dismissals());
  return f;
}

Figures read_all_features(const fs::path& data) {
  auto start = Clock::now();
  auto reader = arxiv::PaperReader::open(data);
  if (!reader.ok()) return {};
  Xapian::Database& db = reader.value()->database();
  arxiv::TermVectors vectors(db);
  Figures f;
  for (Xapian::docid d = 1; d <= db.get_lastdocid(); ++d)
    f.count += !vectors.tf_idf(vectors.of(d)).empty();
  f.seconds = since(start);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SHARED_DATA_DIR [SCRATCH_DIR]\n", argv[0]);
    return 2;
  }
  const fs::path replay = fs::path(argv[1]) / "replay" / "rss";
  const fs::path scratch =
      argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "arxiv-triage-bench";
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  const fs::path ours_dir = scratch / "ours";
  const fs::path plain_dir = scratch / "plain";

  std::printf("arxiv-triage bench (%u cores)\n\n",
              std::max(1u, static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN))));
  std::printf("1. import of %s into a fresh index\n", replay.c_str());
  Figures ours = in_child([&] { return import_ours(replay, ours_dir); });
  Figures plain = in_child([&] { return import_plain(replay, plain_dir); });
  const double ours_rate = ours.count / ours.seconds, plain_rate = plain.count / plain.seconds;
  std::printf(
      "   %-34s %8.0f papers in %6.1f s = %6.0f papers/s, peak RSS %5ld MB, on disk %5.0f MB\n",
      "arxiv-triage import", ours.count, ours.seconds, ours_rate, ours.peak_rss_kb / 1024,
      disk_size(ours_dir) / 1048576.0);
  std::printf(
      "   %-34s %8.0f papers in %6.1f s = %6.0f papers/s, peak RSS %5ld MB, on disk %5.0f MB\n",
      "baseline: plain Xapian indexing", plain.count, plain.seconds, plain_rate,
      plain.peak_rss_kb / 1024, disk_size(plain_dir) / 1048576.0);
  std::printf("   ratio (ours / baseline, papers/s): %.2f\n\n", ours_rate / plain_rate);

  // The busiest announcement day of the replay.
  std::string busiest;
  size_t most = 0;
  {
    auto reader = arxiv::PaperReader::open(ours_dir);
    if (!reader.ok()) return 1;
    auto days = reader.value()->days();
    if (!days.ok()) return 1;
    for (const auto& d : *days) {
      if (d.papers > most) most = d.papers, busiest = d.day;
    }
  }
  constexpr int kRuns = 200;
  std::printf("2. digest of %s (%zu papers) for the 5 default profiles, %d runs\n", busiest.c_str(),
              most, kRuns);
  const arxiv::Feedback feedback = dev_feedback(fs::path(argv[1]) / ".." / "eval" / "labels-dev");
  Figures d_ours =
      in_child([&] { return digest_ours(ours_dir, busiest, kRuns, nullptr, nullptr); });
  // With feedback: a server keeps the trained models (ModelCache) and retrains only when the
  // feedback or the index changes; the CLI trains them on every run.
  arxiv::ModelCache models;
  Figures d_fed =
      in_child([&] { return digest_ours(ours_dir, busiest, kRuns, &feedback, &models); });
  Figures d_cold =
      in_child([&] { return digest_ours(ours_dir, busiest, kRuns / 10, &feedback, nullptr); });
  Figures d_plain = in_child([&] { return digest_plain(ours_dir, busiest, kRuns); });
  std::printf("   %-34s p50 %6.2f ms  p99 %6.2f ms\n", "arxiv-triage digest (explained)",
              d_ours.p50_ms, d_ours.p99_ms);
  std::printf("   %-34s p50 %6.2f ms  p99 %6.2f ms\n", "baseline: plain BM25 per profile",
              d_plain.p50_ms, d_plain.p99_ms);
  std::printf("   %-34s p50 %6.2f ms  p99 %6.2f ms\n", "  with feedback, models kept", d_fed.p50_ms,
              d_fed.p99_ms);
  std::printf("   %-34s p50 %6.2f ms  p99 %6.2f ms\n", "  with feedback, trained each run",
              d_cold.p50_ms, d_cold.p99_ms);
  std::printf("   ratio (ours / baseline, p50): %.2f; with feedback %.2f\n\n",
              d_ours.p50_ms / d_plain.p50_ms, d_fed.p50_ms / d_plain.p50_ms);

  const auto judgments =
      thousand_judgments(fs::path(argv[1]) / ".." / "eval" / "labels-dev", ours_dir);
  std::printf("3. taking %zu judgments as feedback for one profile\n", judgments.size());
  Figures fb = in_child([&] { return feedback_ours(ours_dir, scratch / "feedback", judgments); });
  Figures all = in_child([&] { return read_all_features(ours_dir); });
  std::printf("   %-34s %6.3f s (%0.f papers judged in the index)\n", "arxiv-triage store + train",
              fb.seconds, fb.count);
  std::printf("   %-34s %6.3f s (%0.f papers)\n", "baseline: read all papers' features",
              all.seconds, all.count);
  std::printf("   ratio (ours / baseline): %.2f\n", fb.seconds / all.seconds);
  fs::remove_all(scratch);
  return 0;
}
