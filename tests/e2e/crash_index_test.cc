// Crash consistency of the index writers: `import` and `fetch` are SIGKILLed at random moments
// (seeded; the seed is printed), run again to completion, and must then leave exactly the index
// an uninterrupted run leaves: the same papers, versions, announcement days, terms and metadata.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "index/paper_store.h"
#include "tests/e2e/index_snapshot.h"
#include "tests/e2e/kill_run.h"
#include "tests/e2e/replay_feeds.h"
#include "tests/e2e/run_cli.h"
#include "tests/support/fake_arxiv_server.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

namespace fs = std::filesystem;
using std::chrono::microseconds;

// How a killed run left the index, tallied to show the kills hit different phases.
struct KillTally {
  int finished = 0, no_index = 0, partial = 0, complete = 0;
};

// A killed writer must leave an index that opens (or none at all); counts what it left.
void tally_after_kill(const fs::path& data, const KilledRun& run, size_t complete_count,
                      KillTally& tally) {
  if (!run.killed) {
    CHECK(run.exit_code == 0);
    ++tally.finished;
    return;
  }
  if (!fs::exists(index_path(data))) {
    ++tally.no_index;
    return;
  }
  auto reader = PaperReader::open(data);
  REQUIRE_MESSAGE(reader.ok(),
                  "the killed run left an index that does not open: ", reader.error().message);
  auto count = reader.value()->paper_count();
  REQUIRE(count.ok());
  ++(count.value() < complete_count ? tally.partial : tally.complete);
}

// Kills the run of `args` in `data` `kills` times at random points, then lets it finish; the end
// state must be `want`.
void kill_then_finish(const fs::path& data, const std::vector<std::string>& args, int kills,
                      std::mt19937_64& rng, microseconds typical, const IndexSnapshot& want,
                      KillTally& tally) {
  for (int k = 0; k < kills; ++k) {
    const auto at = kill_point(rng, typical);
    CAPTURE(at.count());
    tally_after_kill(data, run_killed_after(args, at), want.papers.size(), tally);
  }
  CliRun rerun = run_cli(args);
  REQUIRE_MESSAGE(rerun.exit_code == 0, rerun.err);
  const IndexSnapshot got = snapshot_index(data);
  CHECK_MESSAGE(got == want, describe_difference(got, want));
}

void report(const KillTally& t) {
  MESSAGE("kills: ", t.no_index, " before the index existed, ", t.partial, " with part of it, ",
          t.complete, " after the last paper; ", t.finished, " runs ended before their kill");
}

std::chrono::steady_clock::duration since(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

}  // namespace

TEST_SUITE("crash_import") {
  TEST_CASE("an import killed at random points and run again ends with the uninterrupted index") {
    // 13 listings, about 2,700 papers: more than one commit batch, so a kill can land between a
    // batch commit and the checkpoint of the file it cut through.
    const auto files = replay_files("2025-03-18", "2025-03-31");
    auto args = [&](const fs::path& data) {
      std::vector<std::string> a = {"--data", data.string(), "import"};
      a.insert(a.end(), files.begin(), files.end());
      return a;
    };
    TempDir reference;
    const auto start = std::chrono::steady_clock::now();
    CliRun whole = run_cli(args(reference.path()));
    REQUIRE_MESSAGE(whole.exit_code == 0, whole.err);
    const auto typical = std::chrono::duration_cast<microseconds>(since(start));
    const IndexSnapshot want = snapshot_index(reference.path());
    REQUIRE(want.papers.size() > 2000);
    REQUIRE(want.duplicates == 0);

    auto rng = seeded_rng();
    KillTally tally;
    for (int round = 0; round < 6; ++round) {
      CAPTURE(round);
      TempDir data;
      // A rerun can be killed too: up to three kills before the run allowed to finish.
      const int kills = std::uniform_int_distribution<int>(1, 3)(rng);
      kill_then_finish(data.path(), args(data.path()), kills, rng, typical, want, tally);
    }
    report(tally);
    CHECK(tally.partial + tally.no_index + tally.complete > 0);
  }
}

TEST_SUITE("crash_fetch") {
  TEST_CASE(
      "a daily fetch killed at random points and run again ends with the uninterrupted index") {
    // Each feed group gets a different real listing, re-dated to the due day, so the run stores
    // several hundred papers, some of them new versions of papers imported before.
    const std::string due = due_listing_day();
    const std::vector<std::string> replay_days = {"2025-03-25", "2025-03-26", "2025-03-27"};
    FakeArxivServer server;
    const auto paths = default_feed_paths();
    for (size_t i = 0; i < paths.size(); ++i) {
      const FakeReply reply =
          FakeReply::ok(replay_listing_dated(replay_days[i % replay_days.size()], due));
      server.handle(paths[i], [reply](const ServedRequest&) { return reply; });
    }
    TempDir base;
    const auto before = replay_files("2025-03-20", "2025-03-24");
    std::vector<std::string> seed = {"--data", base.path().string(), "import"};
    seed.insert(seed.end(), before.begin(), before.end());
    CliRun seeded = run_cli(seed);
    REQUIRE_MESSAGE(seeded.exit_code == 0, seeded.err);
    auto args = [&](const fs::path& data) {
      return std::vector<std::string>{"--data",
                                      data.string(),
                                      "fetch",
                                      "--rss-url",
                                      server.base_url() + "/rss",
                                      "--min-interval-ms",
                                      "20"};
    };
    auto copy_of_base = [&](const TempDir& dir) {
      fs::copy(base.path(), dir.path(), fs::copy_options::recursive);
    };

    TempDir reference;
    copy_of_base(reference);
    const auto start = std::chrono::steady_clock::now();
    CliRun whole = run_cli(args(reference.path()));
    REQUIRE_MESSAGE(whole.exit_code == 0, whole.err);
    REQUIRE(whole.out.find(due + ": ") != std::string::npos);
    const auto typical = std::chrono::duration_cast<microseconds>(since(start));
    const IndexSnapshot want = snapshot_index(reference.path());
    const size_t seeded_papers = snapshot_index(base.path()).papers.size();
    REQUIRE(want.papers.size() > seeded_papers);

    auto rng = seeded_rng();
    KillTally tally;
    for (int round = 0; round < 8; ++round) {
      CAPTURE(round);
      TempDir data;
      copy_of_base(data);
      const int kills = std::uniform_int_distribution<int>(1, 2)(rng);
      kill_then_finish(data.path(), args(data.path()), kills, rng, typical, want, tally);
      // The raw feeds were replaced whole, and the status record knows the day is done.
      CHECK(files_under(data.path() / "raw", ".tmp").empty());
      for (const auto& raw : files_under(data.path() / "raw" / "rss", ".xml.gz"))
        CHECK(read_file(raw).find(rfc822_day(due)) != std::string::npos);
      const size_t requests = server.requests().size();
      CliRun again = run_cli(args(data.path()));
      CHECK(again.exit_code == 0);
      CHECK(again.out.find("nothing due") != std::string::npos);
      CHECK(server.requests().size() == requests);
    }
    report(tally);
    CHECK(tally.partial + tally.no_index + tally.complete > 0);
  }
}

}  // namespace arxiv::testing
