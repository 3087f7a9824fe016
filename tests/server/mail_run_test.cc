// run_mail over a copy of the fortnight fixture (real listings 2025-03-18..31), with a fake clock
// and a real SMTP server on 127.0.0.1: which days a run mails without an explicit day, from which
// day a subscriber gets mail, the weekly cadence (holidays included), empty days, and the lock
// that keeps two runs from sending the same message.
#include "server/mail_run.h"

#include <date/date.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <set>
#include <sstream>

#include "index/subscriber_store.h"
#include "tests/index/fixture_index.h"
#include "tests/support/fake_http.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;
using testing::FakeClock;

Clock::TimePoint at(const std::string& day, int hour_utc) {
  std::istringstream in(day);
  int y = 0, m = 0, d = 0;
  char dash = 0;
  in >> y >> dash >> m >> dash >> d;
  return date::sys_days{date::year{y} / m / d} + std::chrono::hours(hour_utc);
}

const Templates& templates() {
  static const Result<Templates> loaded = Templates::load(ARXIV_TRIAGE_WEB_DIR);
  if (!loaded.ok()) FAIL(loaded.error().message);
  return loaded.value();
}

struct MailFixture {
  testing::TempDir dir;
  testing::SmtpSink sink;
  FakeClock clock;
  MailTransport transport = make_transport();

  MailFixture() {
    fs::copy(testing::fortnight_data_dir(), dir.path(), fs::copy_options::recursive);
  }

  MailTransport make_transport() {
    MailTransportConfig config;
    config.smtp_url = sink.url();
    config.attempts = 1;
    auto made = MailTransport::make(config, clock);
    REQUIRE(made.ok());
    return std::move(made).value();
  }

  // Subscribes `email` as of `when` (its created_at).
  void subscribe(const std::string& email, const std::vector<std::string>& profiles,
                 Clock::TimePoint when, Cadence cadence = Cadence::kDaily) {
    FakeClock then(when);
    auto store = SubscriberStore::open(dir.path(), then);
    REQUIRE(store.ok());
    REQUIRE(store->add(email, profiles, cadence).ok());
  }

  MailRunReport run(Clock::TimePoint now, MailRunOptions options = {},
                    const std::vector<std::string>& holidays = {}) {
    clock = FakeClock(now);
    options.from = "digest@triage.test";
    options.public_url = "https://triage.test";
    auto calendar = AnnouncementCalendar::make(holidays);
    REQUIRE(calendar.ok());
    auto report = run_mail(dir.path(), templates(), &transport, calendar.value(), clock, options);
    if (!report.ok()) FAIL(report.error().message);
    return std::move(report).value();
  }
};

// "day address" for each outcome of `kind`.
std::set<std::string> outcomes(const MailRunReport& report, MailOutcome::Kind kind) {
  std::set<std::string> out;
  for (const auto& o : report.outcomes)
    if (o.kind == kind) out.insert(o.day + " " + o.email);
  return out;
}

}  // namespace

TEST_CASE("without a day, the due day and the days before it are mailed from subscription on") {
  MailFixture f;
  f.subscribe("ada@example.org", {"nas"}, at("2025-03-20", 9));
  f.subscribe("carl@example.org", {"compositionality"}, at("2025-03-26", 15));
  // Thursday 12:00 UTC: Thursday's listing (announced Wednesday evening) is due.
  const MailRunReport report = f.run(at("2025-03-27", 12));
  CHECK(report.incomplete_day.empty());
  CHECK(report.days == std::vector<std::string>{"2025-03-25", "2025-03-26", "2025-03-27"});
  CHECK(outcomes(report, MailOutcome::Kind::kSent) ==
        std::set<std::string>{"2025-03-25 ada@example.org", "2025-03-26 ada@example.org",
                              "2025-03-27 ada@example.org", "2025-03-26 carl@example.org",
                              "2025-03-27 carl@example.org"});
  CHECK(f.sink.messages().size() == 5);

  // An hour later nothing new is due and nothing is sent twice.
  const MailRunReport again = f.run(at("2025-03-27", 13));
  CHECK(again.outcomes.empty());
  CHECK(again.already_sent == 5);
  CHECK(f.sink.messages().size() == 5);
}

TEST_CASE("before the due day's listing is in the index a run sends nothing at all") {
  MailFixture f;
  f.subscribe("ada@example.org", {"nas"}, at("2025-03-20", 9));
  // Tuesday 2025-04-01 is due, one day past the fixture.
  const MailRunReport report = f.run(at("2025-04-01", 12));
  CHECK(report.incomplete_day == "2025-04-01");
  CHECK(report.outcomes.empty());
  CHECK(f.sink.messages().empty());
}

TEST_CASE("a weekly subscriber gets one message at the end of the week, a holiday moving it") {
  MailFixture f;
  f.subscribe("bob@example.org", {"nas", "sparse-modular"}, at("2025-03-19", 9), Cadence::kWeekly);
  MailRunOptions one_day;
  one_day.catch_up = 1;
  CHECK(f.run(at("2025-03-27", 12), one_day).outcomes.empty());  // Thursday: not yet
  const MailRunReport friday = f.run(at("2025-03-28", 12), one_day);
  CHECK(outcomes(friday, MailOutcome::Kind::kSent) ==
        std::set<std::string>{"2025-03-28 bob@example.org"});
  REQUIRE(f.sink.messages().size() == 1);
  CHECK(f.sink.messages()[0].data.find("Subject: arXiv digest 2025-03-24 to 2025-03-28: ") !=
        std::string::npos);

  // With Friday 2025-03-21 a holiday, Thursday 2025-03-20 ends that week.
  MailRunOptions thursday;
  thursday.day = "2025-03-20";
  const MailRunReport held = f.run(at("2025-03-21", 12), thursday, {"2025-03-21"});
  CHECK(outcomes(held, MailOutcome::Kind::kSent) ==
        std::set<std::string>{"2025-03-20 bob@example.org"});
  REQUIRE(f.sink.messages().size() == 2);
  CHECK(f.sink.messages()[1].data.find("Subject: arXiv digest 2025-03-18 to 2025-03-20: ") !=
        std::string::npos);

  // A Saturday ends no week, even when asked for by name.
  MailRunOptions saturday;
  saturday.day = "2025-03-22";
  CHECK(f.run(at("2025-03-24", 12), saturday).outcomes.empty());
  CHECK(f.sink.messages().size() == 2);
}

TEST_CASE("a day without papers is mailed only when empty days are asked for") {
  MailFixture f;
  f.subscribe("ada@example.org", {"nas"}, at("2025-03-20", 9));
  MailRunOptions saturday;
  saturday.day = "2025-03-22";  // the fixture's listing without papers
  const MailRunReport quiet = f.run(at("2025-03-24", 12), saturday);
  CHECK(quiet.empty_days == std::vector<std::string>{"2025-03-22"});
  CHECK(quiet.outcomes.empty());
  saturday.send_empty_days = true;
  const MailRunReport told = f.run(at("2025-03-24", 12), saturday);
  CHECK(outcomes(told, MailOutcome::Kind::kSent) ==
        std::set<std::string>{"2025-03-22 ada@example.org"});
  CHECK(f.sink.messages().size() == 1);
}

TEST_CASE("a run while another holds the mail lock is refused as a conflict") {
  MailFixture f;
  f.subscribe("ada@example.org", {"nas"}, at("2025-03-20", 9));
  const int fd = ::open((f.dir.path() / "mail.lock").c_str(), O_RDWR | O_CREAT, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  auto calendar = AnnouncementCalendar::make({});
  REQUIRE(calendar.ok());
  MailRunOptions options;
  options.from = "digest@triage.test";
  options.public_url = "https://triage.test";
  options.day = "2025-03-25";
  auto refused =
      run_mail(f.dir.path(), templates(), &f.transport, calendar.value(), f.clock, options);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kConflict);
  CHECK(f.sink.messages().empty());
  ::close(fd);
  CHECK(f.run(at("2025-03-25", 12), options).outcomes.size() == 1);
}

}  // namespace arxiv
