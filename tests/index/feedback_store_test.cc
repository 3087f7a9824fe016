#include "index/feedback_store.h"

#include <doctest/doctest.h>

#include <fstream>

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

TEST_CASE("feedback_from keeps likes and dismissals in order, the last grade of an id winning") {
  const std::vector<Judgment> judgments = {{"a", Grade::kLike},    {"b", Grade::kDismiss},
                                           {"c", Grade::kNeutral}, {"d", Grade::kLike},
                                           {"b", Grade::kLike},    {"d", Grade::kNeutral}};
  auto fb = feedback_from(judgments);
  CHECK(fb.liked == std::vector<std::string>{"a", "b"});
  CHECK(fb.dismissed.empty());
}

}  // namespace arxiv::testing
