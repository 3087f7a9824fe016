#include "fetcher/announcement_calendar.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <exception>
#include <optional>

#include "fetcher/text.h"

namespace arxiv {
namespace {

using date::days;
using date::sys_days;
using date::sys_seconds;
using std::chrono::hours;
using std::chrono::minutes;

// A week covers any real feed rebuild delay; clamping keeps the arithmetic far from overflow.
constexpr int kMaxGraceMinutes = 7 * 24 * 60;

int clamp_grace(int grace_minutes) { return std::clamp(grace_minutes, 0, kMaxGraceMinutes); }

std::optional<sys_days> parse_day(const std::string& day) {
  if (!is_valid_day(day)) return std::nullopt;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  std::from_chars(day.data(), day.data() + 4, y);
  std::from_chars(day.data() + 5, day.data() + 7, m);
  std::from_chars(day.data() + 8, day.data() + 10, d);
  return sys_days{date::year{y} / date::month{m} / date::day{d}};
}

std::string format_day(sys_days day) {
  const date::year_month_day ymd{day};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return out;
}

// locate_zone throws when the system tzdata is missing; the calendar must not, so a missing
// database falls back to the US rule in force since 2007.
const date::time_zone* new_york() {
  static const date::time_zone* const zone = []() -> const date::time_zone* {
    try {
      return date::locate_zone("America/New_York");
    } catch (const std::exception&) {
      return nullptr;
    }
  }();
  return zone;
}

// Fallback: DST runs from the second Sunday of March to the first Sunday of November, switching
// at 02:00 local, so midnight of the March change day is still EST and of the November one EDT.
sys_seconds us_eastern_midnight_by_rule(sys_days day) {
  const date::year y = date::year_month_day{day}.year();
  const sys_days dst_start{y / date::March / date::Sunday[2]};
  const sys_days dst_end{y / date::November / date::Sunday[1]};
  const hours offset = (day > dst_start && day <= dst_end) ? hours{4} : hours{5};
  return sys_seconds{day} + offset;
}

// 00:00 America/New_York on `day`, in UTC.
sys_seconds new_york_midnight(sys_days day) {
  if (const date::time_zone* zone = new_york()) {
    try {
      const date::local_days local{date::year_month_day{day}};
      return date::make_zoned(zone, local, date::choose::earliest).get_sys_time();
    } catch (const std::exception&) {
      // Fall through to the rule: only a damaged tzdata file gets here.
    }
  }
  return us_eastern_midnight_by_rule(day);
}

// system_clock counts nanoseconds, which only reach the year 2262; far days saturate.
Clock::TimePoint to_time_point(sys_seconds t) {
  using Tp = Clock::TimePoint;
  constexpr auto kMax = std::chrono::floor<std::chrono::seconds>(Tp::max().time_since_epoch());
  constexpr auto kMin = std::chrono::ceil<std::chrono::seconds>(Tp::min().time_since_epoch());
  if (t.time_since_epoch() >= kMax) return Tp::max();
  if (t.time_since_epoch() <= kMin) return Tp::min();
  return Tp{std::chrono::duration_cast<Tp::duration>(t.time_since_epoch())};
}

// is_valid_day's range: walks stop at its edges instead of running forever.
bool in_range(sys_days day) {
  const date::year y = date::year_month_day{day}.year();
  return y >= date::year{1900} && y <= date::year{9999};
}

// Steps from `from` (excluded) by `step` to the first listing day; empty past the valid range.
template <typename IsListing>
std::string walk(sys_days from, days step, const IsListing& is_listing) {
  for (sys_days d = from + step; in_range(d); d += step) {
    std::string name = format_day(d);
    if (is_listing(name)) return name;
  }
  return {};
}

}  // namespace

Result<AnnouncementCalendar> AnnouncementCalendar::make(const std::vector<std::string>& holidays) {
  std::vector<std::string> sorted;
  sorted.reserve(holidays.size());
  for (const std::string& day : holidays) {
    if (!is_valid_day(day)) {
      return Error::invalid_input("holiday \"" + day + "\" is not a valid YYYY-MM-DD day");
    }
    sorted.push_back(day);
  }
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  return AnnouncementCalendar(std::move(sorted));
}

bool AnnouncementCalendar::is_listing_day(const std::string& day) const {
  const std::optional<sys_days> parsed = parse_day(day);
  if (!parsed) return false;
  const date::weekday wd{*parsed};
  if (wd == date::Saturday || wd == date::Sunday) return false;
  return !std::binary_search(holidays_.begin(), holidays_.end(), day);
}

Clock::TimePoint AnnouncementCalendar::due_time(const std::string& day, int grace_minutes) const {
  const std::optional<sys_days> parsed = parse_day(day);
  if (!parsed) return Clock::TimePoint::max();
  return to_time_point(new_york_midnight(*parsed) + minutes{clamp_grace(grace_minutes)});
}

std::string AnnouncementCalendar::latest_due(Clock::TimePoint now, int grace_minutes) const {
  // due_time(d) <= now  <=>  midnight_NY(d) <= now - grace, so the newest candidate is the
  // New York date of (now - grace); New York is 4 or 5 hours behind UTC, which pins that date to
  // one of two UTC-derived days.
  const sys_seconds t =
      std::chrono::floor<std::chrono::seconds>(now) - minutes{clamp_grace(grace_minutes)};
  sys_days day = std::chrono::floor<days>(t - hours{4});
  if (new_york_midnight(day) > t) day -= days{1};
  return walk(day + days{1}, days{-1}, [this](const std::string& d) { return is_listing_day(d); });
}

std::vector<std::string> AnnouncementCalendar::listing_days_between(const std::string& after,
                                                                    const std::string& upto) const {
  std::vector<std::string> out;
  const std::optional<sys_days> first = parse_day(after);
  const std::optional<sys_days> last = parse_day(upto);
  if (!first || !last) return out;
  for (sys_days day = *first + days{1}; day <= *last; day += days{1}) {
    std::string name = format_day(day);
    if (is_listing_day(name)) out.push_back(std::move(name));
  }
  return out;
}

std::string AnnouncementCalendar::previous_listing_day(const std::string& day) const {
  const std::optional<sys_days> parsed = parse_day(day);
  if (!parsed) return {};
  return walk(*parsed, days{-1}, [this](const std::string& d) { return is_listing_day(d); });
}

std::string AnnouncementCalendar::listing_day_for_submission(const std::string& submitted) const {
  const std::optional<sys_days> parsed = parse_day(submitted);
  if (!parsed) return {};
  // The weekend's submissions wait for Monday evening's announcement.
  const date::weekday wd{*parsed};
  const std::string first = next_listing_day(submitted);
  return wd == date::Saturday || wd == date::Sunday ? next_listing_day(first) : first;
}

std::string AnnouncementCalendar::next_listing_day(const std::string& day) const {
  const std::optional<sys_days> parsed = parse_day(day);
  if (!parsed) return {};
  return walk(*parsed, days{1}, [this](const std::string& d) { return is_listing_day(d); });
}

}  // namespace arxiv
