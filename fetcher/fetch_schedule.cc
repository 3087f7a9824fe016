#include "fetcher/fetch_schedule.h"

#include <algorithm>
#include <string>

namespace arxiv {

Clock::TimePoint next_fetch_time(const AnnouncementCalendar& calendar, const FetchRun& last,
                                 const FetchScheduleOptions& options) {
  // The listing after the one that was due when the run began: a listing that fell due during a
  // long run was not looked at, so it is due at once.
  const std::string covered = calendar.latest_due(last.started, options.grace_minutes);
  const Clock::TimePoint next_listing =
      calendar.due_time(calendar.next_listing_day(covered), options.grace_minutes);
  if (last.outcome == FetchRunOutcome::kDone) return next_listing;
  return std::min(last.finished + options.retry, next_listing);
}

}  // namespace arxiv
