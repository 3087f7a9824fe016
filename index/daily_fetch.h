// The daily fetch: bring the index up to the newest listing arXiv has published, never missing
// or duplicating a day.
//
// One run: ask the calendar which listing is due; if the index already has it, nothing is due.
// Otherwise fetch the rss.arxiv.org feeds for the subscribed categories (every raw response is
// saved gzip-compressed under DIR/raw/rss/ first, so any day can be replayed with `import`),
// and check the channel day. A feed still dated before the due day is stale: nothing is recorded
// and the run asks to be retried. An empty feed dated the due day is recorded as "no
// announcement". Otherwise papers are merged into the index (new, cross-listed and replaced
// papers, each labelled) with the day's listing marker in the same commit. Listing days skipped
// since the last success are recorded as missing in the status record.
// Holds the index write lock while it runs; not thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "fetcher/announcement_calendar.h"
#include "fetcher/clock.h"
#include "fetcher/polite_client.h"
#include "fetcher/result.h"
#include "index/paper_store.h"

namespace arxiv {

struct DailyFetchOptions {
  std::string rss_url = "https://rss.arxiv.org/rss";
  std::vector<std::string> categories;  // union of the profiles' categories
  int grace_minutes = 30;               // after midnight Eastern before a listing is due
};

enum class DailyOutcome {
  kIngested,        // the due listing was stored
  kNoAnnouncement,  // the due listing was empty: recorded as a day without announcement
  kNothingDue,      // the index already has the newest due listing
  kStale,           // the feed has not advanced to the due day yet: retry later
};

struct DailyFetchReport {
  DailyOutcome outcome = DailyOutcome::kNothingDue;
  std::string due_day;   // the listing the calendar expects
  std::string feed_day;  // the day the feed carried ("" when nothing was fetched)
  size_t papers = 0;
  UpsertCounts counts;
  std::vector<std::string> missing_days;  // listing days skipped since the previous success
};

// Records the attempt, and any error, in the status record before returning.
Result<DailyFetchReport> fetch_daily(const std::filesystem::path& data_dir, PoliteClient& client,
                                     const AnnouncementCalendar& calendar, const Clock& clock,
                                     const DailyFetchOptions& options);

}  // namespace arxiv
