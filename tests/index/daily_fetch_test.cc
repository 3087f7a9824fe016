#include "index/daily_fetch.h"

#include <doctest/doctest.h>

#include "index/fetch_status.h"
#include "index/paper_store.h"
#include "tests/support/fake_http.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

using namespace std::chrono;
namespace fs = std::filesystem;

Clock::TimePoint utc(int y, unsigned m, unsigned d, int hour) {
  return sys_days{year{y} / month{m} / day{d}} + hours{hour};
}

std::string replay(const std::string& day) {
  return testing::read_file(testing::shared_data() / "replay" / "rss" / (day + ".xml.gz"));
}

// A fetch run against a scripted feed: every feed URL answers with the listing of `feed_day`.
struct Harness {
  testing::TempDir dir;
  testing::FakeClock clock;
  testing::FakeHttpClient http{clock};
  PoliteClient client{http, clock,
                      PolitenessOptions{milliseconds(0), 2, milliseconds(10), milliseconds(20)}};
  AnnouncementCalendar calendar = AnnouncementCalendar::make({}).value();
  DailyFetchOptions options;
  std::string feed_day;

  Harness() : clock(utc(2025, 3, 25, 6)) {
    options.rss_url = "http://127.0.0.1:1/rss";
    options.categories = {"cs.LG", "cs.CV", "cs.AI", "cs.CL"};
    http.set_fallback([this](const std::string&) {
      return HttpResponse{200, replay(feed_day), {}};
    });
  }
  Result<DailyFetchReport> fetch() {
    return fetch_daily(dir.path(), client, calendar, clock, options);
  }
  FetchStatus status() { return load_fetch_status(dir.path()).value(); }
};

}  // namespace

TEST_CASE("the due listing is fetched, stored with its day, and its raw feed saved for replay") {
  Harness h;
  h.feed_day = "2025-03-25";
  auto report = h.fetch();
  REQUIRE_MESSAGE(report.ok(), report.error().message);
  CHECK(report->outcome == DailyOutcome::kIngested);
  CHECK(report->due_day == "2025-03-25");
  CHECK(report->papers == 399);  // the same papers in every feed group are stored once
  CHECK(report->counts.added == 399);
  CHECK(h.http.requests().size() >= 2);  // the four big categories need more than one feed
  auto reader = PaperReader::open(h.dir.path());
  REQUIRE(reader.ok());
  CHECK(reader.value()->papers_on("2025-03-25").value() == 399);
  CHECK(reader.value()->listing_seen("2025-03-25").value());
  const auto saved = testing::files_under(h.dir.path() / "raw" / "rss", ".xml.gz");
  REQUIRE(saved.size() == h.http.requests().size());
  CHECK(testing::read_file(saved.front()) == replay("2025-03-25"));
  FetchStatus s = h.status();
  CHECK(s.last_listing_day == "2025-03-25");
  CHECK(s.last_error.empty());
  CHECK_FALSE(s.last_success.empty());
  REQUIRE(s.recent.size() == 1);
  CHECK(s.recent[0].by_category.at("cs.CV") > 50);
}

TEST_CASE("a second run the same day finds nothing due and makes no request") {
  Harness h;
  h.feed_day = "2025-03-25";
  REQUIRE(h.fetch().ok());
  const size_t requests = h.http.requests().size();
  auto again = h.fetch();
  REQUIRE(again.ok());
  CHECK(again->outcome == DailyOutcome::kNothingDue);
  CHECK(h.http.requests().size() == requests);
}

TEST_CASE("a weekday feed that has not advanced is stale and records nothing but the error") {
  Harness h;
  h.feed_day = "2025-03-25";
  REQUIRE(h.fetch().ok());
  h.clock.advance(hours(24));  // Wednesday 06:00 UTC: the listing of 2025-03-26 is due
  auto stale = h.fetch();
  REQUIRE(stale.ok());
  CHECK(stale->outcome == DailyOutcome::kStale);
  CHECK(stale->due_day == "2025-03-26");
  CHECK(h.status().last_listing_day == "2025-03-25");
  CHECK(h.status().last_error.find("stale") != std::string::npos);
  auto reader = PaperReader::open(h.dir.path());
  CHECK_FALSE(reader.value()->listing_seen("2025-03-26").value());

  h.feed_day = "2025-03-26";
  auto fresh = h.fetch();
  REQUIRE(fresh.ok());
  CHECK(fresh->outcome == DailyOutcome::kIngested);
  CHECK(fresh->missing_days.empty());
  CHECK(h.status().last_error.empty());
}

TEST_CASE("nothing is due over a weekend") {
  Harness h;
  h.clock = testing::FakeClock(utc(2025, 3, 28, 6));  // Friday
  h.feed_day = "2025-03-28";
  REQUIRE(h.fetch()->outcome == DailyOutcome::kIngested);
  for (int d : {29, 30}) {  // Saturday and Sunday, afternoon
    h.clock = testing::FakeClock(utc(2025, 3, d, 18));
    CHECK(h.fetch()->outcome == DailyOutcome::kNothingDue);
  }
}

TEST_CASE("listing days skipped since the last success are recorded as missing") {
  Harness h;
  h.feed_day = "2025-03-25";
  REQUIRE(h.fetch().ok());
  h.clock = testing::FakeClock(utc(2025, 3, 31, 6));  // the next Monday
  h.feed_day = "2025-03-31";
  auto report = h.fetch();
  REQUIRE(report.ok());
  CHECK(report->missing_days == std::vector<std::string>{"2025-03-26", "2025-03-27", "2025-03-28"});
  CHECK(h.status().missing_days == report->missing_days);
}

TEST_CASE("an empty listing on the due day is recorded as a day without announcement") {
  Harness h;
  h.clock = testing::FakeClock(utc(2025, 12, 31, 8));
  h.feed_day = "2025-12-31";  // a real empty weekday listing
  auto report = h.fetch();
  REQUIRE(report.ok());
  CHECK(report->outcome == DailyOutcome::kNoAnnouncement);
  CHECK(report->papers == 0);
  CHECK(PaperReader::open(h.dir.path()).value()->listing_seen("2025-12-31").value());
  CHECK(h.status().last_listing_day == "2025-12-31");
}

TEST_CASE("a failed fetch is reported, recorded in the status, and stores nothing") {
  Harness h;
  h.http.set_fallback([](const std::string&) {
    return HttpResponse{200, "<html>maintenance</html>", {}};
  });
  auto report = h.fetch();
  REQUIRE_FALSE(report.ok());
  CHECK(report.error().code == ErrorCode::kInvalidInput);
  CHECK_FALSE(h.status().last_error.empty());
  CHECK(h.status().last_listing_day.empty());
  CHECK_FALSE(fs::exists(index_path(h.dir.path())));
}

}  // namespace arxiv
