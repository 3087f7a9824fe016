#include "index/subscriber_store.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>
#include <set>
#include <thread>

#include "tests/support/fake_http.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

// 2024-11-27T10:34:05Z
const FakeClock::TimePoint kNoon = FakeClock::TimePoint{} + std::chrono::seconds(1732703645);

SubscriberStore memory_store(const Clock& clock) {
  auto store = SubscriberStore::in_memory(clock);
  REQUIRE_MESSAGE(store.ok(), store.error().message);
  return std::move(store).value();
}

SubscriberStore file_store(const std::filesystem::path& dir, const Clock& clock) {
  auto store = SubscriberStore::open(dir, clock);
  REQUIRE_MESSAGE(store.ok(), store.error().message);
  return std::move(store).value();
}

Subscriber added(SubscriberStore& store, const std::string& email,
                 const std::vector<std::string>& profiles, Cadence cadence = Cadence::kDaily) {
  auto result = store.add(email, profiles, cadence);
  REQUIRE_MESSAGE(result.ok(), result.error().message);
  return result->subscriber;
}

// Runs `sql` on a fresh SQLite file, as another program would.
void write_foreign_database(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("addresses that could smuggle a header or another recipient are refused") {
  struct Case {
    std::string email;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"a@b.co", true},
      {"Ada.Lovelace+arxiv@Example.ORG", true},
      {"o'brien_x-y@mail.sub.example.ie", true},
      {"!#$%&'*+-/=?^_`{|}~@x.org", true},
      {"u@123.example", true},
      {std::string(64, 'l') + "@" + std::string(63, 'd') + ".org", true},
      {"a@b.c\r\nBcc: x@y.z", false},
      {"a@b.c\nBcc: x@y.z", false},
      {"a@b.c\rBcc: x@y.z", false},
      {"a@b.c\r\n", false},
      {"a@b.c, x@y.z", false},
      {"a@b.c,x@y.z", false},
      {"Ada <a@b.c>", false},
      {"<a@b.c>", false},
      {"a b@c.org", false},
      {" a@b.org", false},
      {"a@b.org ", false},
      {"a@b.org\t", false},
      {"\"a b\"@c.org", false},
      {"a@b.org;x@y.z", false},
      {"a:b@c.org", false},
      {"a@b.org(comment)", false},
      {std::string("a@b.org\0x", 9), false},
      {"\xc3\xa9@b.org", false},
      {"", false},
      {"ab.org", false},
      {"a@@b.org", false},
      {"a@b@c.org", false},
      {"@b.org", false},
      {"a@", false},
      {"a@localhost", false},
      {"a@.b.org", false},
      {"a@b..org", false},
      {"a@b.org.", false},
      {".a@b.org", false},
      {"a.@b.org", false},
      {"a..b@c.org", false},
      {"a@-b.org", false},
      {"a@b-.org", false},
      {"a@b.org-", false},
      {"a@b_c.org", false},
      {"a@[192.0.2.1]", false},
      {std::string(65, 'l') + "@b.org", false},
      {"a@" + std::string(64, 'd') + ".org", false},
      {std::string(64, 'l') + "@" + std::string(63, 'd') + "." + std::string(63, 'd') + "." +
           std::string(63, 'd'),
       false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.email);
    const Status s = validate_email(c.email);
    CHECK(s.ok() == c.valid);
    if (s.ok()) continue;
    CHECK(s.error().code == ErrorCode::kInvalidInput);
    // The message names the address without its line breaks: safe to log or answer.
    CHECK(s.error().message.find_first_of("\r\n") == std::string::npos);
  }
}

TEST_CASE("a header injection attempt is refused by add and stores nothing") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  auto refused = store.add("a@b.c\r\nBcc: x@y.z", {"nas"}, Cadence::kDaily);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kInvalidInput);
  CHECK(refused.error().message.find("a@b.c\\x0d\\x0aBcc: x@y.z") != std::string::npos);
  CHECK(store.list().value().empty());
  CHECK_FALSE(store.record_attempt("a@b.c\nBcc: x@y.z", "2025-03-25", true, "", "<m@x>").ok());
}

TEST_CASE("a subscriber is stored with a token and found again without regard to case") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  auto first =
      store.add("Ada.Lovelace@Example.ORG", {"nas", "compositionality", "nas"}, Cadence::kWeekly);
  REQUIRE(first.ok());
  CHECK(first->created);
  const Subscriber& ada = first->subscriber;
  CHECK(ada.email == "Ada.Lovelace@example.org");
  CHECK(ada.profiles == std::vector<std::string>{"nas", "compositionality"});
  CHECK(ada.cadence == Cadence::kWeekly);
  CHECK(ada.created_at == "2024-11-27T10:34:05Z");
  CHECK(ada.token.size() == 64);
  CHECK(ada.token.find_first_not_of("0123456789abcdef") == std::string::npos);

  for (const char* spelling : {"ada.lovelace@example.org", "ADA.LOVELACE@EXAMPLE.ORG"}) {
    CAPTURE(spelling);
    auto found = store.find(spelling);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK(**found == ada);
  }
  auto by_token = store.find_by_token(ada.token);
  REQUIRE(by_token.ok());
  REQUIRE(by_token->has_value());
  CHECK((*by_token)->email == ada.email);
  CHECK_FALSE(store.find("grace@example.org").value().has_value());
  CHECK_FALSE(store.find_by_token(std::string(64, '0')).value().has_value());
  CHECK_FALSE(store.find_by_token("not a token").value().has_value());
}

TEST_CASE("adding an address again updates its profiles and cadence, keeping token and date") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  const Subscriber before = added(store, "ada@example.org", {"nas"});
  clock.advance(std::chrono::hours(30));
  auto again = store.add("ADA@example.org", {"theoretical-neuroscience"}, Cadence::kWeekly);
  REQUIRE(again.ok());
  CHECK_FALSE(again->created);
  CHECK(again->subscriber.email == "ada@example.org");
  CHECK(again->subscriber.profiles == std::vector<std::string>{"theoretical-neuroscience"});
  CHECK(again->subscriber.cadence == Cadence::kWeekly);
  CHECK(again->subscriber.token == before.token);
  CHECK(again->subscriber.created_at == before.created_at);
  auto all = store.list();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 1);
  CHECK(all->front() == again->subscriber);
}

TEST_CASE("profiles must be given and be profile names; a refused add changes nothing") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  const Subscriber ada = added(store, "ada@example.org", {"nas"});
  const std::vector<std::vector<std::string>> bad = {
      {}, {""}, {"NAS"}, {"nas,compositionality"}, {"nas", "sparse modular"}, {"n\xc3\xa4s"}};
  for (const auto& profiles : bad) {
    CAPTURE(profiles.size());
    auto r = store.add("ada@example.org", profiles, Cadence::kWeekly);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
  }
  CHECK(store.list().value() == std::vector<Subscriber>{ada});
}

TEST_CASE("subscribers are listed by address, each with its own token") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  for (const char* email : {"carol@example.org", "Bob@example.org", "alice@example.org"})
    added(store, email, {"nas"});
  auto all = store.list();
  REQUIRE(all.ok());
  std::vector<std::string> emails;
  std::set<std::string> tokens;
  for (const auto& s : *all) {
    emails.push_back(s.email);
    tokens.insert(s.token);
  }
  CHECK(emails ==
        std::vector<std::string>{"alice@example.org", "Bob@example.org", "carol@example.org"});
  CHECK(tokens.size() == 3);
}

TEST_CASE("remove and remove_by_token unsubscribe once, then report the address unknown") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  const Subscriber ada = added(store, "ada@example.org", {"nas"});
  const Subscriber bob = added(store, "bob@example.org", {"nas"});

  auto removed = store.remove_by_token(ada.token);
  REQUIRE(removed.ok());
  CHECK(*removed == "ada@example.org");
  auto twice = store.remove_by_token(ada.token);
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().code == ErrorCode::kNotFound);
  for (const std::string& token :
       std::vector<std::string>{"", "x", ada.token + "0", "' OR 1=1 --", std::string(64, 'G')}) {
    CAPTURE(token);
    auto r = store.remove_by_token(token);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kNotFound);
  }
  CHECK(store.list().value() == std::vector<Subscriber>{bob});

  REQUIRE(store.remove("BOB@Example.org").ok());
  const Status again = store.remove("bob@example.org");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kNotFound);
  CHECK(again.error().message.find("bob@example.org") != std::string::npos);
  CHECK(store.list().value().empty());
}

TEST_CASE("a failed send is retried until it is sent, and a sent day is final") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  added(store, "ada@example.org", {"nas"});
  const std::string day = "2025-03-25";
  CHECK_FALSE(store.already_sent("ada@example.org", day).value());
  CHECK_FALSE(store.send_record("ada@example.org", day).value().has_value());

  REQUIRE(store.record_attempt("ada@example.org", day, false, "connection refused", "<1@x>").ok());
  clock.advance(std::chrono::minutes(5));
  REQUIRE(store.record_attempt("ada@example.org", day, false, "421 try later", "<2@x>").ok());
  CHECK_FALSE(store.already_sent("ada@example.org", day).value());
  auto pending = store.pending_failures();
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  CHECK(pending->front().email == "ada@example.org");
  CHECK(pending->front().day == day);
  CHECK(pending->front().status == SendStatus::kFailed);
  CHECK(pending->front().attempts == 2);
  CHECK(pending->front().last_error == "421 try later");
  CHECK(pending->front().message_id == "<2@x>");
  CHECK(pending->front().updated_at == "2024-11-27T10:39:05Z");

  REQUIRE(store.record_attempt("ada@example.org", day, true, "", "<3@x>").ok());
  CHECK(store.already_sent("ADA@example.org", day).value());
  CHECK(store.pending_failures().value().empty());
  const SendRecord sent = store.send_record("ada@example.org", day).value().value();
  CHECK(sent.status == SendStatus::kSent);
  CHECK(sent.attempts == 3);
  CHECK(sent.last_error.empty());
  CHECK(sent.message_id == "<3@x>");

  clock.advance(std::chrono::hours(1));
  REQUIRE(store.record_attempt("ada@example.org", day, false, "late failure", "<4@x>").ok());
  REQUIRE(store.record_attempt("ada@example.org", day, true, "", "<5@x>").ok());
  const SendRecord after = store.send_record("ada@example.org", day).value().value();
  CHECK(after.status == SendStatus::kSent);
  CHECK(after.attempts == sent.attempts);
  CHECK(after.message_id == sent.message_id);
  CHECK(after.updated_at == sent.updated_at);
  CHECK(store.pending_failures().value().empty());
  CHECK_FALSE(store.already_sent("ada@example.org", "2025-03-26").value());
}

TEST_CASE("pending failures are those of current subscribers, oldest day first") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  added(store, "bob@example.org", {"nas"});
  added(store, "ada@example.org", {"nas"});
  const Subscriber gone = added(store, "gone@example.org", {"nas"});
  for (const char* email : {"bob@example.org", "ada@example.org", "gone@example.org"})
    for (const char* day : {"2025-03-25", "2025-03-24"})
      REQUIRE(store.record_attempt(email, day, false, "timeout", "").ok());
  REQUIRE(store.record_attempt("bob@example.org", "2025-03-24", true, "", "<b@x>").ok());
  REQUIRE(store.remove_by_token(gone.token).ok());
  auto pending = store.pending_failures();
  REQUIRE(pending.ok());
  std::vector<std::string> order;
  for (const auto& r : *pending) order.push_back(r.day + " " + r.email);
  CHECK(order == std::vector<std::string>{"2025-03-24 ada@example.org",
                                          "2025-03-25 ada@example.org",
                                          "2025-03-25 bob@example.org"});
  // The log outlives the subscription: subscribing again the same day sends nothing twice.
  REQUIRE(store.record_attempt("gone@example.org", "2025-03-26", true, "", "<g@x>").ok());
  added(store, "gone@example.org", {"nas"});
  CHECK(store.already_sent("gone@example.org", "2025-03-26").value());
}

TEST_CASE("the send log refuses days that are not calendar days") {
  FakeClock clock(kNoon);
  auto store = memory_store(clock);
  for (const char* day : {"", "2025-3-25", "2025-02-30", "25-03-2025", "2025-03-25T00:00:00Z"}) {
    CAPTURE(day);
    const Status s = store.record_attempt("ada@example.org", day, true, "", "");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::kInvalidInput);
    auto sent = store.already_sent("ada@example.org", day);
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("subscribers and the send log survive reopening, and two handles see each other") {
  TempDir dir;
  FakeClock clock(kNoon);
  const auto data = dir.path() / "data";
  Subscriber ada;
  {
    auto store = file_store(data, clock);
    ada = added(store, "ada@example.org", {"nas"});
    REQUIRE(store.record_attempt("ada@example.org", "2025-03-25", true, "", "<a@x>").ok());
  }
  CHECK(std::filesystem::exists(subscribers_path(data)));
  auto first = file_store(data, clock);
  auto second = file_store(data, clock);
  CHECK(first.list().value() == std::vector<Subscriber>{ada});
  CHECK(first.already_sent("ada@example.org", "2025-03-25").value());
  const Subscriber bob = added(second, "bob@example.org", {"compositionality"}, Cadence::kWeekly);
  CHECK(first.find("bob@example.org").value() == std::optional<Subscriber>(bob));
  REQUIRE(first.remove("ada@example.org").ok());
  CHECK(second.list().value() == std::vector<Subscriber>{bob});
  SubscriberStore moved = std::move(first);
  CHECK(moved.list().value().size() == 1);
}

TEST_CASE("two handles writing at once in two threads lose nothing") {
  TempDir dir;
  FakeClock clock(kNoon);
  (void)file_store(dir.path(), clock);  // the schema, before the race
  constexpr int kEach = 40;
  // Each thread notes its last failure ("" for none).
  auto writer = [&](const std::string& who, std::string& failure) {
    SystemClock system_clock;
    auto store = SubscriberStore::open(dir.path(), system_clock);
    if (!store.ok()) {
      failure = store.error().message;
      return;
    }
    for (int i = 0; i < kEach; ++i) {
      const std::string email = who + std::to_string(i) + "@example.org";
      auto r = store->add(email, {"nas"}, Cadence::kDaily);
      if (!r.ok()) failure = r.error().message;
      Status s = store->record_attempt("shared@example.org", "2025-03-25", false, who, "");
      if (!s.ok()) failure = s.error().message;
    }
  };
  std::string first_failure, second_failure;
  std::thread a(writer, "a", std::ref(first_failure));
  std::thread b(writer, "b", std::ref(second_failure));
  a.join();
  b.join();
  CHECK(first_failure == "");
  CHECK(second_failure == "");
  auto store = file_store(dir.path(), clock);
  CHECK(store.list().value().size() == 2 * kEach);
  CHECK(store.send_record("shared@example.org", "2025-03-25").value()->attempts == 2 * kEach);
}

TEST_CASE("a file that is not a subscriber database is refused and left untouched") {
  FakeClock clock(kNoon);
  SUBCASE("not SQLite at all") {
    TempDir dir;
    const std::string bytes = "a grocery list, not a database\n" + std::string(5000, 'x');
    std::ofstream(subscribers_path(dir.path()), std::ios::binary) << bytes;
    auto store = SubscriberStore::open(dir.path(), clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == ErrorCode::kCorrupt);
    CHECK(store.error().message.find("subscribers.sqlite") != std::string::npos);
    CHECK(read_file(subscribers_path(dir.path())) == bytes);
  }
  SUBCASE("another program's SQLite database") {
    TempDir dir;
    write_foreign_database(subscribers_path(dir.path()), "CREATE TABLE notes (text TEXT);");
    const std::string bytes = read_file(subscribers_path(dir.path()));
    auto store = SubscriberStore::open(dir.path(), clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == ErrorCode::kCorrupt);
    CHECK(store.error().message.find("not an arxiv-triage subscriber database") !=
          std::string::npos);
    CHECK(read_file(subscribers_path(dir.path())) == bytes);
  }
  SUBCASE("a newer arxiv-triage's database") {
    TempDir dir;
    write_foreign_database(subscribers_path(dir.path()),
                           "CREATE TABLE future (x); PRAGMA user_version = 99;");
    auto store = SubscriberStore::open(dir.path(), clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == ErrorCode::kCorrupt);
    CHECK(store.error().message.find("newer") != std::string::npos);
  }
  SUBCASE("a data directory that cannot be created") {
    TempDir dir;
    std::ofstream(dir.path() / "file") << "x";
    auto store = SubscriberStore::open(dir.path() / "file" / "data", clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == ErrorCode::kUnavailable);
  }
}

TEST_CASE("cadences are spelled daily and weekly, and nothing else parses") {
  for (Cadence c : {Cadence::kDaily, Cadence::kWeekly})
    CHECK(parse_cadence(cadence_name(c)).value() == c);
  for (const char* text : {"", "Daily", "monthly", "weekly "}) {
    CAPTURE(text);
    CHECK_FALSE(parse_cadence(text).ok());
  }
}

}  // namespace arxiv::testing
