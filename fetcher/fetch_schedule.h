// When `serve --fetch` runs the daily fetch next: a pure function of the announcement calendar
// and the previous run (when it started and ended, and how it ended).
//
// The scheduler runs a fetch as soon as it starts (the fetch itself finds whether the index is
// behind). After a run that left the index up to date, the next run is when the next listing
// becomes due: arXiv announces at 20:00 US Eastern and rss.arxiv.org rebuilds its feeds at the
// following midnight, so that is AnnouncementCalendar::due_time (midnight plus a grace period),
// DST and holidays included. After a stale listing or a failure, the run is retried an hour later,
// or when the next listing becomes due if that is sooner. Stateless; thread-safe.
#pragma once

#include <chrono>

#include "fetcher/announcement_calendar.h"
#include "fetcher/clock.h"

namespace arxiv {

enum class FetchRunOutcome {
  kDone,    // the index holds the newest due listing (fetched, recorded empty, or nothing due)
  kStale,   // arXiv's feed had not advanced to the due listing yet
  kFailed,  // the run failed: network, arXiv errors, a crash
};

struct FetchRun {
  Clock::TimePoint started;  // the fetch decides which listing is due from this instant
  Clock::TimePoint finished;
  FetchRunOutcome outcome = FetchRunOutcome::kDone;
};

struct FetchScheduleOptions {
  int grace_minutes = 30;  // the same as the fetch's (DailyFetchOptions::grace_minutes)
  std::chrono::minutes retry{60};
};

// The instant to start the run after `last`. It may lie before `last.finished` (a listing
// became due while the run was going on): the next run is then due at once.
Clock::TimePoint next_fetch_time(const AnnouncementCalendar& calendar, const FetchRun& last,
                                 const FetchScheduleOptions& options = {});

}  // namespace arxiv
