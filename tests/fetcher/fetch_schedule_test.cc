#include "fetcher/fetch_schedule.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

namespace arxiv {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// An instant written as UTC fields.
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

struct Case {
  const char* what;
  Clock::TimePoint started;
  Clock::TimePoint finished;
  FetchRunOutcome outcome;
  Clock::TimePoint expected;
};

void check_cases(const AnnouncementCalendar& cal, const std::vector<Case>& cases,
                 const FetchScheduleOptions& options = {}) {
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const FetchRun run{c.started, c.finished, c.outcome};
    CHECK(next_fetch_time(cal, run, options) == c.expected);
  }
}

constexpr FetchRunOutcome kDone = FetchRunOutcome::kDone;
constexpr FetchRunOutcome kStale = FetchRunOutcome::kStale;
constexpr FetchRunOutcome kFailed = FetchRunOutcome::kFailed;

// Eastern daylight time (UTC-4) from 2025-03-09 to 2025-11-02, standard time (UTC-5) outside: a
// listing is due at 00:30 Eastern, 04:30 or 05:30 UTC.
TEST_CASE("after a successful run the next one starts when the next listing becomes due") {
  check_cases(
      calendar(),
      {
          {"Tuesday night: Wednesday's listing", utc(2025, 3, 25, 5), utc(2025, 3, 25, 5, 1), kDone,
           utc(2025, 3, 26, 4, 30)},
          {"Monday before the announcement: Tuesday's listing", utc(2025, 3, 24, 22),
           utc(2025, 3, 24, 22, 1), kDone, utc(2025, 3, 25, 4, 30)},
          {"one second before a listing is due: that listing", utc(2025, 3, 25, 4, 29, 59),
           utc(2025, 3, 25, 4, 29, 59), kDone, utc(2025, 3, 25, 4, 30)},
          {"the instant a listing is due: the one after", utc(2025, 3, 25, 4, 30),
           utc(2025, 3, 25, 4, 31), kDone, utc(2025, 3, 26, 4, 30)},
          {"Friday: Monday's listing", utc(2025, 3, 28, 12), utc(2025, 3, 28, 12, 1), kDone,
           utc(2025, 3, 31, 4, 30)},
          {"Saturday: Monday's listing", utc(2025, 3, 29, 15), utc(2025, 3, 29, 15, 1), kDone,
           utc(2025, 3, 31, 4, 30)},
          {"Sunday evening, before the announcement: Monday's listing", utc(2025, 3, 30, 23, 59),
           utc(2025, 3, 31, 0, 1), kDone, utc(2025, 3, 31, 4, 30)},
      });
}

TEST_CASE("due times follow the daylight-saving changes of New York") {
  check_cases(calendar(), {
                              {"Friday EST to Monday EDT (2025-03-09)", utc(2025, 3, 7, 12),
                               utc(2025, 3, 7, 12, 1), kDone, utc(2025, 3, 10, 4, 30)},
                              {"Friday EDT to Monday EST (2025-11-02)", utc(2025, 10, 31, 12),
                               utc(2025, 10, 31, 12, 1), kDone, utc(2025, 11, 3, 5, 30)},
                              {"the night of the spring change itself", utc(2025, 3, 9, 7),
                               utc(2025, 3, 9, 7, 1), kDone, utc(2025, 3, 10, 4, 30)},
                              {"the night of the autumn change itself", utc(2025, 11, 2, 6),
                               utc(2025, 11, 2, 6, 1), kDone, utc(2025, 11, 3, 5, 30)},
                          });
}

TEST_CASE("a holiday's listing is skipped, a Friday holiday's up to Monday") {
  const AnnouncementCalendar plain = calendar();
  const AnnouncementCalendar holidays = calendar({"2025-12-25", "2026-11-27"});
  const Case christmas_eve{"Christmas Eve (Wednesday)", utc(2025, 12, 24, 12),
                           utc(2025, 12, 24, 12, 1), kDone, utc(2025, 12, 26, 5, 30)};
  check_cases(holidays,
              {christmas_eve,
               {"Thanksgiving (Thursday) with the Friday after off", utc(2026, 11, 26, 12),
                utc(2026, 11, 26, 12, 1), kDone, utc(2026, 11, 30, 5, 30)}});
  CHECK(next_fetch_time(plain, {christmas_eve.started, christmas_eve.finished, kDone}) ==
        utc(2025, 12, 25, 5, 30));
}

TEST_CASE("a listing that falls due while a run is going on is fetched at once after it") {
  const AnnouncementCalendar cal = calendar();
  const FetchRun straddling{utc(2025, 3, 25, 4, 29), utc(2025, 3, 25, 4, 31), kDone};
  const Clock::TimePoint next = next_fetch_time(cal, straddling);
  CHECK(next == utc(2025, 3, 25, 4, 30));
  CHECK(next < straddling.finished);
}

TEST_CASE("a stale or failed run is retried an hour after it ended, or at the next listing") {
  check_cases(calendar(), {
                              {"stale just after the due time", utc(2025, 3, 25, 4, 30),
                               utc(2025, 3, 25, 4, 30, 10), kStale, utc(2025, 3, 25, 5, 30, 10)},
                              {"a long failed run: an hour after its end", utc(2025, 3, 25, 5),
                               utc(2025, 3, 25, 5, 20), kFailed, utc(2025, 3, 25, 6, 20)},
                              {"failed on Saturday", utc(2025, 3, 29, 15), utc(2025, 3, 29, 15, 1),
                               kFailed, utc(2025, 3, 29, 16, 1)},
                              {"failed 45 minutes before the next listing: at that listing",
                               utc(2025, 3, 26, 3, 40), utc(2025, 3, 26, 3, 45), kFailed,
                               utc(2025, 3, 26, 4, 30)},
                              {"stale late on Friday evening", utc(2025, 3, 29, 3, 0),
                               utc(2025, 3, 29, 3, 1), kStale, utc(2025, 3, 29, 4, 1)},
                          });
  FetchScheduleOptions quick;
  quick.retry = minutes{15};
  check_cases(calendar(),
              {{"a shorter retry interval", utc(2025, 3, 25, 5), utc(2025, 3, 25, 5, 1), kStale,
                utc(2025, 3, 25, 5, 16)}},
              quick);
}

TEST_CASE("a year of successful runs fetches every listing day once, none early") {
  const AnnouncementCalendar cal = calendar({"2025-12-25", "2026-01-01"});
  const std::vector<std::string> expected = cal.listing_days_between("2024-12-31", "2025-12-31");
  std::vector<std::string> fetched;
  FetchRun run{utc(2025, 1, 1, 0), utc(2025, 1, 1, 0, 1), kDone};
  for (;;) {
    const Clock::TimePoint next = next_fetch_time(cal, run);
    REQUIRE(next > run.started);
    const std::string due = cal.latest_due(next);
    if (due > "2025-12-31") break;
    CAPTURE(due);
    CHECK(cal.due_time(due) == next);
    fetched.push_back(due);
    run = {next, next + minutes{2}, kDone};
  }
  CHECK(fetched == expected);
  // 2025 has 261 weekdays; Christmas is one of them.
  CHECK(fetched.size() == 260);
}

}  // namespace
}  // namespace arxiv
