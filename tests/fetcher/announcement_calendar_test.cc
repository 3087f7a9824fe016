#include "fetcher/announcement_calendar.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "fetcher/text.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// An instant written as UTC fields, independent of the date library under test.
Clock::TimePoint utc(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0) {
  const std::chrono::sys_days day{std::chrono::year{y} / std::chrono::month{m} /
                                  std::chrono::day{d}};
  return Clock::TimePoint{day} + hours{h} + minutes{min} + seconds{s};
}

AnnouncementCalendar calendar(const std::vector<std::string>& holidays = {}) {
  Result<AnnouncementCalendar> made = AnnouncementCalendar::make(holidays);
  REQUIRE(made.ok());
  return std::move(made).value();
}

// The US holidays configured in these tests: no listing the day after Thanksgiving 2026
// (Thursday 2026-11-26) nor on Christmas 2025 and New Year's Day 2026.
const std::vector<std::string> kHolidays = {"2026-11-27", "2025-12-25", "2026-01-01"};

TEST_CASE("weekdays are listing days and Saturdays, Sundays and malformed days are not") {
  const AnnouncementCalendar cal = calendar();
  struct Case {
    const char* day;
    bool listing;
  };
  const Case cases[] = {
      {"2026-03-02", true},  {"2026-03-03", true},  {"2026-03-04", true},   {"2026-03-05", true},
      {"2026-03-06", true},  {"2026-03-07", false}, {"2026-03-08", false},  {"2024-02-29", true},
      {"2025-06-21", false}, {"2025-06-22", false}, {"2025-06-23", true},   {"2025-02-29", false},
      {"", false},           {"2026-3-02", false},  {"2026-03-02 ", false}, {"2026/03/02", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.day);
    CHECK(cal.is_listing_day(c.day) == c.listing);
  }
}

TEST_CASE("a configured holiday is not a listing day but the days around it are") {
  const AnnouncementCalendar cal = calendar(kHolidays);
  CHECK_FALSE(cal.is_listing_day("2026-11-27"));
  CHECK(cal.is_listing_day("2026-11-26"));
  CHECK(cal.is_listing_day("2026-11-30"));
  CHECK_FALSE(cal.is_listing_day("2025-12-25"));
  CHECK(cal.is_listing_day("2025-12-24"));
  CHECK_FALSE(cal.is_listing_day("2026-01-01"));
  CHECK(calendar().is_listing_day("2026-11-27"));
}

TEST_CASE("unsorted and repeated holidays are accepted") {
  const AnnouncementCalendar cal =
      calendar({"2026-12-31", "2026-01-02", "2026-12-31", "2026-07-03"});
  CHECK_FALSE(cal.is_listing_day("2026-01-02"));
  CHECK_FALSE(cal.is_listing_day("2026-07-03"));
  CHECK_FALSE(cal.is_listing_day("2026-12-31"));
  CHECK(cal.is_listing_day("2026-12-30"));
}

TEST_CASE("a malformed holiday is rejected with the day in the message") {
  const char* bad[] = {"2026-13-01", "2026-02-30",   "26-11-27",  "2026-11-27 ",
                       "",           "Thanksgiving", "1899-12-25"};
  for (const char* day : bad) {
    CAPTURE(day);
    Result<AnnouncementCalendar> made = AnnouncementCalendar::make({"2026-11-27", day});
    REQUIRE_FALSE(made.ok());
    CHECK(made.error().code == ErrorCode::kInvalidInput);
    CHECK(made.error().message.find("\"" + std::string(day) + "\"") != std::string::npos);
  }
}

TEST_CASE("due times are midnight in New York in UTC, across daylight-saving changes") {
  const AnnouncementCalendar cal = calendar();
  struct Case {
    const char* day;
    Clock::TimePoint midnight;
  };
  const Case cases[] = {
      {"2026-03-06", utc(2026, 3, 6, 5)},    // Friday, EST
      {"2026-03-08", utc(2026, 3, 8, 5)},    // the change happens at 02:00, after midnight
      {"2026-03-09", utc(2026, 3, 9, 4)},    // Monday after the 2026-03-08 DST start
      {"2026-10-30", utc(2026, 10, 30, 4)},  // Friday, EDT
      {"2026-11-01", utc(2026, 11, 1, 4)},   // fall-back day, still EDT at midnight
      {"2026-11-02", utc(2026, 11, 2, 5)},   // Monday after the 2026-11-01 fall-back
      {"2025-03-07", utc(2025, 3, 7, 5)},    // Friday before the 2025-03-09 DST start
      {"2025-03-10", utc(2025, 3, 10, 4)},   // Monday after it
      {"2025-10-31", utc(2025, 10, 31, 4)},  // Friday before the 2025-11-02 fall-back
      {"2025-11-03", utc(2025, 11, 3, 5)},   // Monday after it
      {"2026-07-01", utc(2026, 7, 1, 4)},   {"2026-01-01", utc(2026, 1, 1, 5)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.day);
    CHECK(cal.due_time(c.day) == c.midnight + minutes{30});
    CHECK(cal.due_time(c.day, 0) == c.midnight);
    CHECK(cal.due_time(c.day, 90) == c.midnight + minutes{90});
  }
}

TEST_CASE("due times clamp the grace and a malformed day is never due") {
  const AnnouncementCalendar cal = calendar();
  CHECK(cal.due_time("2026-03-06", -60) == utc(2026, 3, 6, 5));
  CHECK(cal.due_time("2026-03-06", 1 << 30) == utc(2026, 3, 6, 5) + hours{7 * 24});
  CHECK(cal.due_time("2026-02-30") == Clock::TimePoint::max());
  CHECK(cal.due_time("9999-12-31") == Clock::TimePoint::max());
}

TEST_CASE("the latest due listing follows New York time, grace, weekends and holidays") {
  const AnnouncementCalendar cal = calendar(kHolidays);
  struct Case {
    const char* what;
    Clock::TimePoint now;
    int grace;
    const char* expected;
  };
  const Case cases[] = {
      {"Saturday afternoon", utc(2026, 3, 7, 15), 30, "2026-03-06"},
      {"Sunday evening in New York, Monday in UTC", utc(2026, 1, 12, 3), 30, "2026-01-09"},
      {"Monday midnight in winter, no grace", utc(2026, 1, 12, 5), 0, "2026-01-12"},
      {"a second before Monday midnight", utc(2026, 1, 12, 4, 59, 59), 0, "2026-01-09"},
      {"Monday midnight in winter, within the grace", utc(2026, 1, 12, 5, 29, 59), 30,
       "2026-01-09"},
      {"Monday midnight in winter, grace over", utc(2026, 1, 12, 5, 30), 30, "2026-01-12"},
      {"Monday midnight after the DST start", utc(2026, 3, 9, 4), 0, "2026-03-09"},
      {"an hour before it, still Sunday in New York", utc(2026, 3, 9, 3), 0, "2026-03-06"},
      {"Monday 04:30Z after the fall-back is Sunday in New York", utc(2026, 11, 2, 4, 30), 0,
       "2026-10-30"},
      {"Wednesday noon", utc(2026, 6, 17, 12), 30, "2026-06-17"},
      {"Wednesday 22:00 New York is Thursday in UTC", utc(2026, 6, 18, 2), 30, "2026-06-17"},
      {"the Saturday after Thanksgiving skips the holiday", utc(2026, 11, 28, 12), 30,
       "2026-11-26"},
      {"the holiday itself", utc(2026, 11, 27, 12), 30, "2026-11-26"},
      {"the Monday after Thanksgiving", utc(2026, 11, 30, 12), 30, "2026-11-30"},
      {"New Year's Day skips back into the old year", utc(2026, 1, 1, 18), 30, "2025-12-31"},
      {"Christmas skips back to Christmas Eve", utc(2025, 12, 25, 18), 30, "2025-12-24"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK(cal.latest_due(c.now, c.grace) == c.expected);
  }
  CHECK(cal.latest_due(Clock::TimePoint::min()).empty());
}

TEST_CASE("the latest due listing is due and its successor is not, at every instant of a year") {
  const AnnouncementCalendar cal = calendar(kHolidays);
  // 37-minute steps hit every time of day, including both sides of each DST change.
  for (Clock::TimePoint now = utc(2025, 10, 1); now < utc(2026, 12, 1); now += minutes{37}) {
    for (int grace : {0, 30}) {
      const std::string day = cal.latest_due(now, grace);
      CAPTURE(now.time_since_epoch().count());
      REQUIRE(cal.is_listing_day(day));
      REQUIRE(cal.due_time(day, grace) <= now);
      REQUIRE(cal.due_time(cal.next_listing_day(day), grace) > now);
    }
  }
}

TEST_CASE("listing days between two days skip weekends and holidays, after exclusive") {
  const AnnouncementCalendar cal = calendar(kHolidays);
  using Days = std::vector<std::string>;
  struct Case {
    const char* after;
    const char* upto;
    Days expected;
  };
  const Case cases[] = {
      {"2026-03-05", "2026-03-10", {"2026-03-06", "2026-03-09", "2026-03-10"}},
      {"2026-03-06", "2026-03-09", {"2026-03-09"}},
      {"2026-03-06", "2026-03-08", {}},
      {"2026-11-25", "2026-12-01", {"2026-11-26", "2026-11-30", "2026-12-01"}},
      {"2025-12-23",
       "2026-01-02",
       {"2025-12-24", "2025-12-26", "2025-12-29", "2025-12-30", "2025-12-31", "2026-01-02"}},
      {"2026-03-09", "2026-03-09", {}},
      {"2026-03-09", "2026-03-06", {}},
      {"2026-03-09", "2026-02-30", {}},
      {"yesterday", "2026-03-09", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.after);
    CAPTURE(c.upto);
    CHECK(cal.listing_days_between(c.after, c.upto) == c.expected);
  }
  // 2025 starts on a Wednesday: 52 whole weeks and one more weekday, less Christmas.
  CHECK(cal.listing_days_between("2024-12-31", "2025-12-31").size() == 260);
  CHECK(calendar().listing_days_between("2024-12-31", "2025-12-31").size() == 261);
}

TEST_CASE("previous and next listing days skip weekends and holidays") {
  const AnnouncementCalendar cal = calendar(kHolidays);
  struct Case {
    const char* day;
    const char* previous;
    const char* next;
  };
  const Case cases[] = {
      {"2026-03-09", "2026-03-06", "2026-03-10"},
      {"2026-03-06", "2026-03-05", "2026-03-09"},
      {"2026-03-07", "2026-03-06", "2026-03-09"},
      {"2026-03-08", "2026-03-06", "2026-03-09"},
      {"2026-11-26", "2026-11-25", "2026-11-30"},
      {"2026-11-30", "2026-11-26", "2026-12-01"},
      {"2026-11-27", "2026-11-26", "2026-11-30"},
      {"2025-12-24", "2025-12-23", "2025-12-26"},
      {"2026-01-02", "2025-12-31", "2026-01-05"},
      {"2025-12-31", "2025-12-30", "2026-01-02"},
      {"2024-02-28", "2024-02-27", "2024-02-29"},
      {"1900-01-01", "", "1900-01-02"},
      {"9999-12-31", "9999-12-30", ""},
      {"2026-02-30", "", ""},
      {"", "", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.day);
    CHECK(cal.previous_listing_day(c.day) == c.previous);
    CHECK(cal.next_listing_day(c.day) == c.next);
  }
}

// The replay is a third-party digest re-issued per day, not arXiv's own schedule: these
// Saturdays and Sundays carry papers anyway (catch-up runs of the source).
const std::vector<std::string> kReplayWeekendListings = {
    "2025-06-22", "2025-07-05", "2025-11-15", "2025-12-13", "2025-12-20",
    "2026-01-17", "2026-01-24", "2026-01-31", "2026-02-07", "2026-02-08",
    "2026-03-28", "2026-05-09", "2026-05-16", "2026-06-06"};

// An empty Sunday feed on the 2026 DST start day whose pubDate says -0400 at midnight.
constexpr const char* kReplayWrongOffsetDay = "2026-03-08";

TEST_CASE("real replay listings fall on listing days and are dated midnight New York") {
  const AnnouncementCalendar cal = calendar();
  const auto files = testing::files_under(testing::shared_data() / "replay/rss", ".xml.gz");
  REQUIRE(files.size() == 396);
  std::vector<std::string> off_schedule;
  int on_schedule = 0;
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    const std::string day = name.substr(0, name.size() - std::string(".xml.gz").size());
    CAPTURE(day);
    REQUIRE(is_valid_day(day));
    const std::string feed = testing::read_file(file);
    // The channel pubDate comes before any item and carries New York's UTC offset of that day.
    const size_t open = feed.find("<pubDate>");
    const size_t close = feed.find("</pubDate>", open);
    REQUIRE(open != std::string::npos);
    REQUIRE(close != std::string::npos);
    const std::string pub_date = feed.substr(open + 9, close - open - 9);
    CAPTURE(pub_date);
    REQUIRE(rfc822_day(pub_date).ok());
    CHECK(*rfc822_day(pub_date) == day);
    const std::string offset = pub_date.substr(pub_date.size() - 5);
    REQUIRE((offset == "-0400" || offset == "-0500"));
    const int offset_hours = offset == "-0400" ? 4 : 5;
    const Clock::TimePoint midnight_utc =
        utc(std::stoi(day.substr(0, 4)), static_cast<unsigned>(std::stoi(day.substr(5, 2))),
            static_cast<unsigned>(std::stoi(day.substr(8, 2))));
    if (day == kReplayWrongOffsetDay) {
      // The replay wrote that day's EDT offset, but the clocks only change at 02:00.
      CHECK(offset_hours == 4);
      CHECK(cal.due_time(day, 0) == midnight_utc + hours{5});
    } else {
      CHECK(cal.due_time(day, 0) == midnight_utc + hours{offset_hours});
    }

    if (feed.find("<item>") == std::string::npos) continue;
    if (cal.is_listing_day(day)) {
      ++on_schedule;
    } else {
      off_schedule.push_back(day);
    }
  }
  CHECK(on_schedule == 316);
  CHECK(off_schedule == kReplayWeekendListings);
}

}  // namespace
}  // namespace arxiv

namespace arxiv {

TEST_CASE("a submission's listing day is estimated from the announcement schedule") {
  auto calendar = AnnouncementCalendar::make({"2026-11-27"});
  REQUIRE(calendar.ok());
  struct Case {
    const char* submitted;
    const char* listed;
  } cases[] = {
      {"2026-11-23", "2026-11-24"},  // Monday -> Monday evening -> Tuesday's listing
      {"2026-11-19", "2026-11-20"},  // Thursday -> Friday's listing
      {"2026-11-20", "2026-11-23"},  // Friday -> Sunday evening -> Monday's listing
      {"2026-11-21", "2026-11-24"},  // Saturday -> Monday evening -> Tuesday
      {"2026-11-22", "2026-11-24"},  // Sunday -> Tuesday
      {"2026-11-26", "2026-11-30"},  // Thursday before the holiday Friday -> the next Monday
      {"not-a-day", ""},
  };
  for (const auto& c : cases)
    CHECK_MESSAGE(calendar->listing_day_for_submission(c.submitted) == c.listed, c.submitted);
}

}  // namespace arxiv
