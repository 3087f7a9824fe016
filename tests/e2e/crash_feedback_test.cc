// Crash consistency of feedback writes: `feedback` commands and POSTs to a running `serve` are
// SIGKILLed at random moments (seeded; the seed is printed). Every acknowledged judgment (exit 0,
// HTTP 2xx) must survive, a killed write must be stored whole or not at all, and after running
// again the judgments must be those of an uninterrupted run.
#include <doctest/doctest.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "fetcher/listing_parser.h"
#include "index/feedback_store.h"
#include "index/labels.h"
#include "tests/e2e/kill_run.h"
#include "tests/e2e/run_cli.h"
#include "tests/e2e/serving.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

namespace fs = std::filesystem;
using std::chrono::microseconds;

const std::vector<std::string> kProfiles = {"nas", "compositionality"};
constexpr const char* kToken = "crash-test-token-0123456789";

// One day of the replay imported once; each scenario copies it.
const fs::path& imported() {
  static TempDir dir;
  static const bool done = [] {
    const auto files = replay_files("2025-03-25", "2025-03-25");
    CliRun run = run_cli({"--data", dir.path().string(), "import", files.at(0)});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    return true;
  }();
  (void)done;
  return dir.path();
}

std::vector<std::string> listed_ids() {
  auto feed = parse_listing_feed(read_file(replay_files("2025-03-25", "2025-03-25").at(0)));
  REQUIRE(feed.ok());
  std::vector<std::string> ids;
  for (const auto& p : feed->papers) ids.push_back(p.id);
  return ids;
}

// (profile, base id) -> grade, as `feedback list` reports it.
using Grades = std::map<std::pair<std::string, std::string>, int>;

Grades stored_grades(const fs::path& data) {
  Grades out;
  for (const auto& profile : kProfiles) {
    CliRun list = run_cli(
        {"--data", data.string(), "feedback", "list", "--profile", profile, "--format", "json"});
    REQUIRE_MESSAGE(list.exit_code == 0, list.err);
    const auto listed = nlohmann::json::parse(list.out);
    for (const auto& j : listed["judgments"])
      out[{profile, j["id"].get<std::string>()}] = j["grade"].get<int>();
  }
  return out;
}

// One `feedback` command: judgments given on the command line, or a judgment file.
struct Command {
  std::string profile;
  std::vector<Judgment> judgments;
  fs::path file;  // set: `feedback import` of this file, whose judgments are `judgments`

  std::vector<std::string> args(const fs::path& data) const {
    std::vector<std::string> a = {"--data", data.string(), "feedback"};
    if (!file.empty()) {
      a.insert(a.end(), {"import", "--profile", profile, file.string()});
      return a;
    }
    a.insert(a.end(), {"--profile", profile});
    for (const auto& [flag, grade] :
         {std::pair{"--like", Grade::kLike}, std::pair{"--dismiss", Grade::kDismiss},
          std::pair{"--neutral", Grade::kNeutral}}) {
      std::vector<std::string> ids;
      for (const auto& j : judgments) {
        if (j.grade == grade) ids.push_back(j.id);
      }
      if (ids.empty()) continue;
      a.push_back(flag);
      a.insert(a.end(), ids.begin(), ids.end());
    }
    return a;
  }
  Grades applied_to(Grades grades) const {
    for (const auto& j : judgments) grades[{profile, j.id}] = static_cast<int>(j.grade);
    return grades;
  }
};

// A dozen commands over a small pool of ids (so later ones overwrite earlier ones), and the real
// judgment file of the nas profile somewhere among them: one large transaction.
std::vector<Command> commands(std::mt19937_64& rng, const std::vector<std::string>& pool) {
  std::vector<Command> out;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int c = 0; c < 12; ++c) {
    Command cmd;
    cmd.profile = kProfiles[pick(0, 1)];
    std::set<std::string> used;
    for (int n = pick(1, 5); n > 0; --n) {
      const std::string& id = pool[pick(0, static_cast<int>(pool.size()) - 1)];
      if (used.insert(id).second) cmd.judgments.push_back({id, static_cast<Grade>(pick(0, 2))});
    }
    out.push_back(std::move(cmd));
  }
  Command file;
  file.profile = "nas";
  file.file = shared_eval() / "labels-dev" / "nas.tsv";
  auto labels = load_labels_file(file.file);
  REQUIRE(labels.ok());
  file.judgments = labels.value();
  out.insert(out.begin() + pick(0, static_cast<int>(out.size())), std::move(file));
  return out;
}

// Copies of the imported day, each with its own data directory.
struct DataDir {
  TempDir dir;
  DataDir() { fs::copy(imported(), dir.path(), fs::copy_options::recursive); }
  const fs::path& path() const { return dir.path(); }
};

}  // namespace

TEST_SUITE("crash_feedback") {
  TEST_CASE("feedback commands killed at random points keep every acknowledged judgment") {
    auto rng = seeded_rng();
    auto pool = listed_ids();
    pool.resize(30);
    int killed = 0, rolled_back = 0, committed = 0;
    for (int scenario = 0; scenario < 4; ++scenario) {
      CAPTURE(scenario);
      const auto cmds = commands(rng, pool);
      DataDir reference;
      const auto start = std::chrono::steady_clock::now();
      for (const auto& cmd : cmds) REQUIRE(run_cli(cmd.args(reference.path())).exit_code == 0);
      const auto typical = std::chrono::duration_cast<microseconds>(
          (std::chrono::steady_clock::now() - start) / cmds.size());
      const Grades uninterrupted = stored_grades(reference.path());

      DataDir data;
      Grades expected;
      for (size_t c = 0; c < cmds.size(); ++c) {
        CAPTURE(c);
        const bool existed = fs::exists(feedback_path(data.path()));
        const Grades after = cmds[c].applied_to(expected);
        const auto at = kill_point(rng, typical);
        CAPTURE(at.count());
        const KilledRun run = run_killed_after(cmds[c].args(data.path()), at);
        if (!run.killed) {
          REQUIRE(run.exit_code == 0);
        } else {
          ++killed;
          // Reading first, as a user would after a crash; a store the killed run was still
          // creating is left for the rerun to finish.
          if (existed) {
            const Grades now = stored_grades(data.path());
            CHECK_MESSAGE((now == expected || now == after), "a killed write was stored in part");
            ++(now == after ? committed : rolled_back);
          }
          CliRun again = run_cli(cmds[c].args(data.path()));
          REQUIRE_MESSAGE(again.exit_code == 0, again.err);
        }
        expected = after;
        CHECK(stored_grades(data.path()) == expected);
      }
      CHECK(expected == uninterrupted);
    }
    MESSAGE(killed, " commands killed: ", rolled_back, " rolled back, ", committed,
            " committed before the kill, the rest before the store existed");
    CHECK(killed > 0);
  }

  TEST_CASE("a server killed while feedback is posted keeps every judgment it acknowledged") {
    struct Post {
      std::string profile, id, verdict;
    };
    // Distinct papers, so each stored judgment tells which post it came from.
    const auto ids = listed_ids();
    const std::vector<std::string> verdicts = {"like", "dismiss", "neutral", "save"};
    std::vector<Post> posts;
    for (size_t i = 0; i < 48; ++i)
      posts.push_back({kProfiles[i % 2], ids.at(i), verdicts[(i / 2) % verdicts.size()]});
    using Seen = std::map<std::pair<std::string, std::string>, std::pair<std::string, bool>>;
    auto expected_of = [](const Post& p) {
      return p.verdict == "save" ? std::pair<std::string, bool>("neutral", true)
                                 : std::pair<std::string, bool>(p.verdict, false);
    };
    auto listed = [&](const Serving& serving) {
      Seen out;
      for (const auto& profile : kProfiles) {
        auto res = serving.get("/api/v1/profiles/" + profile + "/feedback");
        REQUIRE(res);
        REQUIRE_MESSAGE(res->status == 200, res->body);
        const auto body = nlohmann::json::parse(res->body);
        for (const auto& j : body["judgments"])
          out[{profile, j["id"].get<std::string>()}] = {j["verdict"], j["saved"]};
      }
      return out;
    };
    // Sends `todo` from two clients until done or the server stops answering; marks each post
    // acknowledged with 2xx and counts any other answer.
    auto send = [&](int port, const std::vector<size_t>& todo, std::vector<char>& acked) {
      std::atomic<size_t> next{0};
      std::atomic<int> refused{0};
      auto client = [&] {
        httplib::Client http("127.0.0.1", port);
        http.set_bearer_token_auth(kToken);
        http.set_read_timeout(60);
        for (size_t k = next++; k < todo.size(); k = next++) {
          const Post& p = posts[todo[k]];
          const nlohmann::json body = {{"id", p.id}, {"verdict", p.verdict}};
          auto res = http.Post(("/api/v1/profiles/" + p.profile + "/feedback").c_str(), body.dump(),
                               "application/json");
          if (!res) return;  // the server is gone
          if (res->status / 100 == 2) {
            acked[todo[k]] = 1;
          } else {
            ++refused;
          }
        }
      };
      std::thread a(client), b(client);
      a.join();
      b.join();
      return refused.load();
    };
    std::vector<size_t> all(posts.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;

    DataDir reference;
    Seen want;
    microseconds typical{};
    {
      Serving serving(reference.path(), {"--token", kToken});
      std::vector<char> acked(posts.size(), 0);
      const auto start = std::chrono::steady_clock::now();
      REQUIRE(send(serving.port(), all, acked) == 0);
      typical = std::chrono::duration_cast<microseconds>(std::chrono::steady_clock::now() - start);
      want = listed(serving);
      REQUIRE(want.size() == posts.size());
      for (const auto& p : posts) CHECK(want.at({p.profile, p.id}) == expected_of(p));
    }

    auto rng = seeded_rng();
    DataDir data;
    std::vector<char> acked(posts.size(), 0);
    int kills = 0;
    for (int round = 0; round <= 6; ++round) {
      CAPTURE(round);
      std::vector<size_t> todo;
      for (size_t i = 0; i < posts.size(); ++i) {
        if (!acked[i]) todo.push_back(i);
      }
      Serving serving(data.path(), {"--token", kToken});
      // What the previous server acknowledged is there; what it did not is there whole or not.
      const Seen before = listed(serving);
      for (size_t i = 0; i < posts.size(); ++i) {
        auto it = before.find({posts[i].profile, posts[i].id});
        if (acked[i]) CHECK_MESSAGE(it != before.end(), "acknowledged post ", i, " lost");
        if (it != before.end()) CHECK(it->second == expected_of(posts[i]));
      }
      CHECK(before.size() <= posts.size());
      if (round == 6) {
        CHECK(send(serving.port(), todo, acked) == 0);
        break;
      }
      const auto at = kill_point(rng, typical);
      CAPTURE(at.count());
      std::thread killer([&] {
        std::this_thread::sleep_for(at);
        kill(serving.pid(), SIGKILL);
      });
      CHECK(send(serving.port(), todo, acked) == 0);
      killer.join();
      REQUIRE(eventually([&] { return serving.exited(); }));
      kills += serving.exit_code() == 128 + SIGKILL;
    }
    for (size_t i = 0; i < posts.size(); ++i) CHECK_MESSAGE(acked[i], "post ", i, " never acked");
    Serving serving(data.path(), {"--token", kToken});
    CHECK(listed(serving) == want);
    CHECK(kills > 0);
  }
}

}  // namespace arxiv::testing
