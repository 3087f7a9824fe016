// AnnouncementCalendar: which days carry an arXiv listing, and when each listing is due.
//
// arXiv announces Sunday to Thursday at 20:00 US Eastern; rss.arxiv.org rebuilds its feeds at the
// following midnight Eastern and dates the listing that day (channel pubDate), so listings are
// dated Monday to Friday. Holidays (configurable) are listing days without a listing. All
// arithmetic goes through the system time-zone database (America/New_York via Howard Hinnant's
// date), so due times are right across daylight-saving changes. Immutable after construction;
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "fetcher/clock.h"
#include "fetcher/result.h"

namespace arxiv {

class AnnouncementCalendar {
 public:
  // `holidays`: listing days (YYYY-MM-DD) on which arXiv publishes nothing. Fails with
  // kInvalidInput naming a malformed day.
  static Result<AnnouncementCalendar> make(const std::vector<std::string>& holidays);

  // True when a listing dated `day` is expected (Monday to Friday, not a holiday).
  bool is_listing_day(const std::string& day) const;

  // When the listing dated `day` becomes available: 00:00 America/New_York on `day`, plus
  // `grace` minutes for the feed to be rebuilt (clamped to 0..7 days). A malformed `day` is never
  // due: TimePoint::max().
  Clock::TimePoint due_time(const std::string& day, int grace_minutes = 30) const;

  // The newest listing day whose listing is due at `now`; empty before 1900.
  std::string latest_due(Clock::TimePoint now, int grace_minutes = 30) const;

  // Listing days strictly after `after` and up to `upto` inclusive, oldest first. Empty when the
  // range is reversed or either day is malformed.
  std::vector<std::string> listing_days_between(const std::string& after,
                                                const std::string& upto) const;

  // The listing day before / after `day` (skipping weekends and holidays). Empty when `day` is
  // malformed or the walk leaves the years 1900..9999.
  std::string previous_listing_day(const std::string& day) const;
  std::string next_listing_day(const std::string& day) const;

  // The listing a paper submitted on `submitted` (its first version's day) most likely appeared
  // in: submissions Monday to Thursday are announced that evening and listed the next listing
  // day; Friday's are announced on Sunday (listed Monday); the weekend's on Monday (listed
  // Tuesday).
  // An estimate: submissions after the 14:00 Eastern cut-off, and papers held in moderation,
  // appear one or more listings later. "" for a malformed day.
  std::string listing_day_for_submission(const std::string& submitted) const;

 private:
  explicit AnnouncementCalendar(std::vector<std::string> holidays)
      : holidays_(std::move(holidays)) {}
  std::vector<std::string> holidays_;  // sorted
};

}  // namespace arxiv
