// Reads during writes: `serve` under read load from wrk while another process imports a new day
// and feedback is posted. No answer may be a 5xx (or any non-2xx), and every answer of
// /api/v1/days and /api/v1/digest must show the index before the import or after it, never a mix
// or an error; once the import has returned, only the new state.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "fetcher/listing_parser.h"
#include "index/paper_store.h"
#include "tests/e2e/run_cli.h"
#include "tests/e2e/serving.h"
#include "tests/e2e/wrk_load.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kOldDay = "2025-03-25";
constexpr const char* kNewDay = "2025-03-26";
constexpr const char* kToken = "load-test-token-0123456789";

void import_days(const fs::path& data, const std::string& from, const std::string& to) {
  std::vector<std::string> args = {"--data", data.string(), "import"};
  for (const auto& f : replay_files(from, to)) args.push_back(f);
  CliRun run = run_cli(args);
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
}

std::set<std::string> listed_ids(const std::string& day) {
  auto feed = parse_listing_feed(read_file(replay_files(day, day).at(0)));
  REQUIRE(feed.ok());
  std::set<std::string> ids;
  for (const auto& p : feed->papers) ids.insert(p.id);
  return ids;
}

// What the read endpoints must answer for one state of the index.
struct Expected {
  json days;                     // the body of /api/v1/days
  std::string latest;            // the digest's default day
  size_t latest_announced = 0;   // papers announced on it
  size_t new_day_announced = 0;  // papers announced on kNewDay (0 before the import)
};

Expected expected_of(const fs::path& data) {
  auto reader = PaperReader::open(data);
  REQUIRE(reader.ok());
  auto days = reader.value()->days();
  REQUIRE(days.ok());
  REQUIRE_FALSE(days->empty());
  Expected e;
  e.days = {{"days", json::array()}};
  for (const auto& d : days.value())
    e.days["days"].push_back({{"date", d.day}, {"papers", d.papers}});
  e.latest = days->back().day;
  e.latest_announced = days->back().papers;
  e.new_day_announced = reader.value()->papers_on(kNewDay).value();
  return e;
}

// Every paper a digest lists, from each profile and the all-profiles view.
std::set<std::string> digest_ids(const json& digest) {
  std::set<std::string> ids;
  for (const auto& p : digest.value("profiles", json::array())) {
    for (const auto& paper : p.value("papers", json::array())) ids.insert(paper.value("id", ""));
  }
  for (const auto& paper : digest.value("all", json::array())) ids.insert(paper.value("id", ""));
  return ids;
}

bool subset(const std::set<std::string>& part, const std::set<std::string>& whole) {
  return std::includes(whole.begin(), whole.end(), part.begin(), part.end());
}

// A read endpoint and how to tell which state (0 before, 1 after the import; -1 neither) an
// answer of it shows.
struct Probe {
  std::string path;
  std::function<int(const json&)> state_of;
};

}  // namespace

TEST_SUITE("load") {
  TEST_CASE("under read load, readers see the old day or the new one while a day is imported") {
    TempDir data, after;
    import_days(data.path(), "2025-03-24", kOldDay);
    fs::copy(data.path(), after.path(), fs::copy_options::recursive);
    import_days(after.path(), kNewDay, kNewDay);
    const Expected old_state = expected_of(data.path()), new_state = expected_of(after.path());
    REQUIRE(old_state.latest == kOldDay);
    REQUIRE(new_state.latest == kNewDay);
    REQUIRE(old_state.new_day_announced == 0);
    const std::set<std::string> old_ids = listed_ids(kOldDay), new_ids = listed_ids(kNewDay);

    const std::vector<Probe> probes = {
        {"/api/v1/days",
         [&](const json& body) {
           return body == old_state.days ? 0 : body == new_state.days ? 1 : -1;
         }},
        {"/api/v1/digest",
         [&](const json& body) {
           const auto ids = digest_ids(body);
           if (body["date"] == kOldDay && body["announced"] == old_state.latest_announced &&
               subset(ids, old_ids))
             return 0;
           if (body["date"] == kNewDay && body["announced"] == new_state.latest_announced &&
               subset(ids, new_ids))
             return 1;
           return -1;
         }},
        {std::string("/api/v1/digest?date=") + kNewDay,
         [&](const json& body) {
           if (body["date"] != kNewDay) return -1;
           const auto ids = digest_ids(body);
           if (body["announced"] == 0 && ids.empty()) return 0;
           if (body["announced"] == new_state.new_day_announced && subset(ids, new_ids)) return 1;
           return -1;
         }},
    };

    Serving serving(data.path(), {"--token", kToken});
    WrkLoad wrk(serving.port(),
                {"/api/v1/digest", "/api/v1/days", std::string("/api/v1/digest?date=") + kNewDay,
                 "/api/v1/papers?q=neural+network", "/api/v1/digest?profile=nas&date=2025-03-24"},
                4);

    std::mutex mutex;
    std::vector<std::string> violations;
    auto violation = [&](std::string what) {
      std::lock_guard lock(mutex);
      if (violations.size() < 20) violations.push_back(std::move(what));
    };
    std::atomic<bool> stop{false}, imported{false};
    constexpr int kCheckers = 2;
    std::atomic<int> rounds[kCheckers] = {0, 0};
    std::atomic<int> rounds_after_import[kCheckers] = {0, 0};
    auto check = [&](int me) {
      httplib::Client http("127.0.0.1", serving.port());
      http.set_read_timeout(60);
      std::vector<bool> seen_new(probes.size(), false);
      while (!stop) {
        const bool after_import = imported;
        for (size_t i = 0; i < probes.size(); ++i) {
          auto res = http.Get(probes[i].path.c_str());
          if (!res || res->status != 200) {
            violation(probes[i].path + ": " +
                      (res ? std::to_string(res->status) + " " + res->body : "no answer"));
            continue;
          }
          const json body = json::parse(res->body, nullptr, false);
          const int state = probes[i].state_of(body);
          if (state < 0) violation(probes[i].path + ": neither state: " + res->body.substr(0, 300));
          if (state == 0 && seen_new[i])
            violation(probes[i].path + ": the old state after the new");
          if (state == 0 && after_import)
            violation(probes[i].path + ": the old state after the import returned");
          if (state == 1) seen_new[i] = true;
        }
        ++rounds[me];
        if (after_import) ++rounds_after_import[me];
      }
    };
    std::atomic<size_t> posted{0}, answered{0};
    std::vector<std::string> refused;
    const std::vector<std::string> liked(old_ids.begin(), std::next(old_ids.begin(), 40));
    auto post = [&] {
      httplib::Client http("127.0.0.1", serving.port());
      http.set_bearer_token_auth(kToken);
      http.set_read_timeout(60);
      for (size_t i = 0; !stop && i < liked.size(); ++i) {
        const json body = {{"id", liked[i]}, {"verdict", i % 3 == 2 ? "dismiss" : "like"}};
        auto res = http.Post("/api/v1/profiles/nas/feedback", body.dump(), "application/json");
        if (res && res->status == 200) {
          ++posted;
        } else {
          std::lock_guard lock(mutex);
          refused.push_back(res ? std::to_string(res->status) + " " + res->body : "no answer");
        }
        ++answered;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
    };
    std::vector<std::thread> threads;
    // Joined on every way out, so a failing REQUIRE below does not leave threads running.
    struct Joiner {
      std::atomic<bool>& stop;
      std::vector<std::thread>& threads;
      ~Joiner() {
        stop = true;
        for (auto& t : threads) t.join();
      }
    } joiner{stop, threads};
    for (int c = 0; c < kCheckers; ++c) threads.emplace_back(check, c);
    REQUIRE(eventually([&] { return rounds[0] >= 2 && rounds[1] >= 2; }));
    threads.emplace_back(post);

    CliRun run =
        run_cli({"--data", data.path().string(), "import", replay_files(kNewDay, kNewDay).at(0)});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CliRun feedback =
        run_cli({"--data", data.path().string(), "feedback", "--profile", "compositionality",
                 "--like", *new_ids.begin(), "--dismiss", *std::next(new_ids.begin())});
    CHECK_MESSAGE(feedback.exit_code == 0, feedback.err);
    imported = true;
    REQUIRE(eventually([&] { return rounds_after_import[0] >= 2 && rounds_after_import[1] >= 2; }));
    REQUIRE(eventually([&] { return answered == liked.size(); }));
    stop = true;
    for (auto& t : threads) t.join();
    threads.clear();
    const WrkCounts counts = wrk.stop();

    MESSAGE("wrk: ", counts.ok, " answers 2xx; checkers: ", rounds[0] + rounds[1],
            " rounds; feedback posted: ", posted.load());
    for (const auto& v : violations) FAIL_CHECK(v);
    for (const auto& r : refused) FAIL_CHECK("feedback refused: ", r);
    CHECK(counts.ok > 0);
    CHECK_MESSAGE(counts.server_errors == 0, counts.output);
    CHECK_MESSAGE(counts.client_errors + counts.redirects == 0, counts.output);
    CHECK_MESSAGE(counts.connect_errors + counts.read_errors + counts.write_errors == 0,
                  counts.output);
    CHECK_MESSAGE(counts.timeouts == 0, counts.output);
    CHECK(serving.get("/api/v1/profiles/nas/feedback")->body.find(liked.back()) !=
          std::string::npos);
  }
}

}  // namespace arxiv::testing
