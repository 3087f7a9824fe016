#include "index/feedback_store.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>
#include <thread>

#include "tests/support/fake_http.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

// 2024-11-27T10:34:05Z
const FakeClock::TimePoint kNoon = FakeClock::TimePoint{} + std::chrono::seconds(1732703645);

FeedbackStore memory_store(const Clock& clock) {
  auto store = FeedbackStore::in_memory(clock);
  REQUIRE_MESSAGE(store.ok(), store.error().message);
  return std::move(store).value();
}

}  // namespace

TEST_CASE("recorded likes and dismissals come back per profile, neutral marks left out") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  REQUIRE(store.record("nas", {"2503.17994", "2503.18646v2"}, Grade::kLike).ok());
  REQUIRE(store.record("nas", {"2503.21999"}, Grade::kDismiss).ok());
  REQUIRE(store.record("nas", {"arXiv:2504.00772"}, Grade::kNeutral).ok());
  REQUIRE(store.record("compositionality", {"2503.17142"}, Grade::kLike).ok());

  auto nas = store.for_profile("nas");
  REQUIRE(nas.ok());
  CHECK(nas->liked == std::vector<std::string>{"2503.17994", "2503.18646"});
  CHECK(nas->dismissed == std::vector<std::string>{"2503.21999"});
  auto unknown = store.for_profile("disentanglement");
  REQUIRE(unknown.ok());
  CHECK(unknown->empty());

  auto all = store.all();
  REQUIRE(all.ok());
  CHECK(all->size() == 2);
  CHECK(all->at("compositionality").liked == std::vector<std::string>{"2503.17142"});

  auto listed = store.list("nas");
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 4);
  CHECK((*listed)[0].id == "2503.17994");  // same second: by id
  CHECK((*listed)[0].updated_at == "2024-11-27T10:34:05Z");
  CHECK((*listed)[3].id == "2504.00772");
  CHECK((*listed)[3].grade == Grade::kNeutral);
}

TEST_CASE("the newest judgment of a paper replaces the older one and is listed first") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  REQUIRE(store.record("nas", {"2503.17994", "2503.18646"}, Grade::kLike).ok());
  clock.advance(std::chrono::minutes(90));
  REQUIRE(store.record("nas", {"2503.18646"}, Grade::kDismiss).ok());
  auto nas = store.for_profile("nas");
  REQUIRE(nas.ok());
  CHECK(nas->liked == std::vector<std::string>{"2503.17994"});
  CHECK(nas->dismissed == std::vector<std::string>{"2503.18646"});
  auto listed = store.list("nas");
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 2);
  CHECK((*listed)[0].id == "2503.18646");
  CHECK((*listed)[0].updated_at == "2024-11-27T12:04:05Z");
  clock.advance(std::chrono::minutes(1));
  REQUIRE(store.record("nas", {"2503.18646"}, Grade::kNeutral).ok());
  nas = store.for_profile("nas");
  REQUIRE(nas.ok());
  CHECK(nas->dismissed.empty());
}

TEST_CASE("the revision grows with every change and not with a failed or empty record") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  CHECK(store.revision().value() == 0);
  REQUIRE(store.record("nas", {"2503.17994"}, Grade::kLike).ok());
  CHECK(store.revision().value() == 1);
  REQUIRE(store
              .record("nas", std::vector<Judgment>{{"2503.17994", Grade::kDismiss},
                                                   {"2503.21999", Grade::kLike}})
              .ok());
  CHECK(store.revision().value() == 2);
  REQUIRE(store.record("nas", std::vector<std::string>{}, Grade::kLike).ok());
  CHECK(store.revision().value() == 2);
  CHECK_FALSE(store.record("nas", {"2503.11111", "not-an-id"}, Grade::kLike).ok());
  CHECK(store.revision().value() == 2);
}

TEST_CASE("a bad id, grade or profile stores nothing of the whole batch") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  struct Case {
    const char* what;
    std::string profile;
    std::vector<Judgment> judgments;
  };
  const std::vector<Case> cases = {
      {"bad id last", "nas", {{"2503.17994", Grade::kLike}, {"2503.1", Grade::kLike}}},
      {"empty id", "nas", {{"2503.17994", Grade::kLike}, {"", Grade::kDismiss}}},
      {"grade 5", "nas", {{"2503.17994", Grade::kLike}, {"2503.21999", static_cast<Grade>(5)}}},
      {"no profile", "", {{"2503.17994", Grade::kLike}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto s = store.record(c.profile, c.judgments);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::kInvalidInput);
    CHECK(store.list(c.profile).value().empty());
  }
  CHECK(store.revision().value() == 0);
}

TEST_CASE("judgments survive reopening the data directory, and two handles see each other") {
  TempDir dir;
  FakeClock clock(kNoon);
  {
    auto store = FeedbackStore::open(dir.path() / "data", clock);
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    REQUIRE(store->record("nas", {"2503.17994"}, Grade::kLike).ok());
  }
  CHECK(std::filesystem::exists(feedback_path(dir.path() / "data")));
  auto first = FeedbackStore::open(dir.path() / "data", clock);
  auto second = FeedbackStore::open(dir.path() / "data", clock);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->for_profile("nas").value().liked == std::vector<std::string>{"2503.17994"});
  REQUIRE(second->record("nas", {"2503.21999"}, Grade::kDismiss).ok());
  CHECK(first->for_profile("nas").value().dismissed == std::vector<std::string>{"2503.21999"});
  CHECK(first->revision().value() == 2);
  FeedbackStore moved = std::move(first).value();
  CHECK(moved.revision().value() == 2);
}

TEST_CASE("handles opened at once on a fresh data directory all succeed and share one schema") {
  // The server opens a store per request: the first requests after start race to create it.
  FakeClock clock(kNoon);
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    TempDir dir;
    std::vector<std::string> errors(6);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < errors.size(); ++i) {
      threads.emplace_back([&, i] {
        auto store = FeedbackStore::open(dir.path() / "data", clock);
        if (!store.ok()) {
          errors[i] = store.error().message;
          return;
        }
        auto s = store->record("nas", {"2503.1799" + std::to_string(i)}, Grade::kLike);
        if (!s.ok()) errors[i] = s.error().message;
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK_MESSAGE(e.empty(), e);
    auto store = FeedbackStore::open(dir.path() / "data", clock);
    REQUIRE(store.ok());
    CHECK(store->for_profile("nas").value().liked.size() == errors.size());
  }
}

TEST_CASE("a feedback file that is not a feedback database fails clearly and is left untouched") {
  const std::string sqlite_header("SQLite format 3\0", 16);
  struct Case {
    const char* what;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"garbage", "this is not a database, it is a grocery list\n" + std::string(5000, 'x')},
      {"truncated header", sqlite_header + std::string(40, '\0')},
  };
  FakeClock clock(kNoon);
  for (const auto& c : cases) {
    CAPTURE(c.what);
    TempDir dir;
    std::ofstream(feedback_path(dir.path()), std::ios::binary) << c.bytes;
    auto store = FeedbackStore::open(dir.path(), clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == ErrorCode::kCorrupt);
    CHECK(store.error().message.find("feedback.sqlite") != std::string::npos);
    CHECK(read_file(feedback_path(dir.path())) == c.bytes);
  }
}

TEST_CASE("another program's SQLite database in its place is refused without a change") {
  TempDir other;
  FakeClock clock(kNoon);
  {
    // A valid store, then its schema marker cleared, stands in for a foreign database.
    auto store = FeedbackStore::open(other.path(), clock);
    REQUIRE(store.ok());
  }
  TempDir dir;
  std::filesystem::copy_file(feedback_path(other.path()), feedback_path(dir.path()));
  std::string bytes = read_file(feedback_path(dir.path()));
  REQUIRE(bytes.size() >= 64);
  bytes[60] = bytes[61] = bytes[62] = bytes[63] = 0;  // user_version, big-endian at offset 60
  std::ofstream(feedback_path(dir.path()), std::ios::binary | std::ios::trunc) << bytes;
  auto store = FeedbackStore::open(dir.path(), clock);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().code == ErrorCode::kCorrupt);
  CHECK(read_file(feedback_path(dir.path())) == bytes);
}

TEST_CASE("a data directory that cannot be created is unavailable, not a crash") {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  FakeClock clock(kNoon);
  auto store = FeedbackStore::open(dir.path() / "file" / "data", clock);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().code == ErrorCode::kUnavailable);
}

TEST_CASE("a saved paper counts as liked until graded, and keeps its bookmark through neutral") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  REQUIRE(store.set_saved("nas", {"2503.17994v2"}, true).ok());
  CHECK(store.for_profile("nas").value().liked == std::vector<std::string>{"2503.17994"});
  CHECK(store.all().value().at("nas").liked == std::vector<std::string>{"2503.17994"});
  auto found = store.find("nas", "2503.17994");
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->grade == Grade::kNeutral);
  CHECK((*found)->saved);

  REQUIRE(store.record("nas", {"2503.17994"}, Grade::kDismiss).ok());
  auto nas = store.for_profile("nas").value();
  CHECK(nas.liked.empty());
  CHECK(nas.dismissed == std::vector<std::string>{"2503.17994"});
  CHECK(store.find("nas", "2503.17994").value()->saved);

  REQUIRE(store.record("nas", {"2503.17994"}, Grade::kNeutral).ok());
  CHECK(store.for_profile("nas").value().liked == std::vector<std::string>{"2503.17994"});

  clock.advance(std::chrono::minutes(5));
  REQUIRE(store.set_saved("nas", {"2503.17994"}, false).ok());
  CHECK(store.for_profile("nas").value().empty());
  CHECK(store.all().value().empty());
  auto listed = store.list("nas").value();
  REQUIRE(listed.size() == 1);
  CHECK_FALSE(listed[0].saved);
  CHECK(listed[0].updated_at == "2024-11-27T10:39:05Z");
  CHECK(store.revision().value() == 4);
}

TEST_CASE("saving keeps a like, and a bad id saves nothing of the batch") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  REQUIRE(store.record("nas", {"2503.18646"}, Grade::kLike).ok());
  REQUIRE(store.set_saved("nas", {"2503.18646", "2503.21999"}, true).ok());
  auto liked = store.find("nas", "2503.18646").value();
  REQUIRE(liked.has_value());
  CHECK(liked->grade == Grade::kLike);
  CHECK(liked->saved);
  CHECK(store.for_profile("nas").value().liked ==
        std::vector<std::string>{"2503.18646", "2503.21999"});
  CHECK(store.revision().value() == 2);

  auto bad = store.set_saved("nas", {"2504.00772", "not-an-id"}, true);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kInvalidInput);
  CHECK_FALSE(store.find("nas", "2504.00772").value().has_value());
  CHECK_FALSE(store.set_saved("", {"2504.00772"}, true).ok());
  CHECK(store.revision().value() == 2);
  CHECK_FALSE(store.find("nas", "nonsense").ok());
  CHECK_FALSE(store.find("compositionality", "2503.18646").value().has_value());
}

TEST_CASE("a feedback file of schema 1 gains bookmarks on open and keeps its judgments") {
  TempDir dir;
  {
    // The tables as the first release wrote them.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(feedback_path(dir.path()).c_str(), &db) == SQLITE_OK);
    const char* v1 =
        "CREATE TABLE judgments (profile TEXT NOT NULL, paper_id TEXT NOT NULL, grade INTEGER "
        "NOT NULL CHECK (grade IN (0, 1, 2)), updated_at TEXT NOT NULL, PRIMARY KEY (profile, "
        "paper_id)) WITHOUT ROWID;"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
        "INSERT INTO meta VALUES ('revision', 7);"
        "INSERT INTO judgments VALUES ('nas', '2503.17994', 2, '2024-11-01T00:00:00Z');"
        "INSERT INTO judgments VALUES ('nas', '2503.21999', 0, '2024-11-02T00:00:00Z');"
        "PRAGMA user_version = 1;";
    CHECK(sqlite3_exec(db, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  FakeClock clock(kNoon);
  for (int open = 0; open < 2; ++open) {
    CAPTURE(open);
    auto store = FeedbackStore::open(dir.path(), clock);
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    auto nas = store->for_profile("nas").value();
    CHECK(nas.liked == (open == 0 ? std::vector<std::string>{"2503.17994"}
                                  : std::vector<std::string>{"2503.17994", "2504.00772"}));
    CHECK(nas.dismissed == std::vector<std::string>{"2503.21999"});
    CHECK(store->revision().value() == 7 + open);
    if (open == 0) {
      CHECK_FALSE(store->find("nas", "2503.21999").value()->saved);
      REQUIRE(store->set_saved("nas", {"2504.00772"}, true).ok());
    } else {
      CHECK(store->find("nas", "2504.00772").value()->saved);
    }
  }
}

TEST_CASE("feedback_from keeps likes and dismissals in order, the last grade of an id winning") {
  const std::vector<Judgment> judgments = {{"a", Grade::kLike},    {"b", Grade::kDismiss},
                                           {"c", Grade::kNeutral}, {"d", Grade::kLike},
                                           {"b", Grade::kLike},    {"d", Grade::kNeutral}};
  auto fb = feedback_from(judgments);
  CHECK(fb.liked == std::vector<std::string>{"a", "b"});
  CHECK(fb.dismissed.empty());
}

}  // namespace arxiv::testing
