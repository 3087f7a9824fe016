// The fetch status record: what the last fetches did, kept as DIR/status.json so that
// `arxiv-triage status` (and later the web status page) can tell a researcher whether today's
// listing arrived, and cron can see failures. Written atomically; a plain value type.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "fetcher/result.h"

namespace arxiv {

struct DayRecord {
  std::string day;  // listing day YYYY-MM-DD
  size_t papers = 0;
  std::map<std::string, size_t> by_category;  // subscribed categories only
};

struct FetchStatus {
  std::string last_listing_day;   // newest listing day ingested or recorded as no announcement
  std::string last_attempt;       // ISO 8601 UTC
  std::string last_success;       // ISO 8601 UTC
  std::string last_error;         // "" when the last attempt succeeded
  std::vector<DayRecord> recent;  // oldest first, at most kRecentDays
  std::vector<std::string> missing_days;  // listing days skipped over, awaiting repair

  static constexpr size_t kRecentDays = 30;
};

// Missing file: an empty status. A damaged file: kCorrupt naming it.
Result<FetchStatus> load_fetch_status(const std::filesystem::path& data_dir);
Status save_fetch_status(const std::filesystem::path& data_dir, const FetchStatus& status);

// How the newest recorded listing day compares with the days before it, per subscribed category.
struct CategoryFreshness {
  std::string category;
  size_t papers = 0;         // on the newest recorded day
  size_t trailing_days = 0;  // earlier recorded days the average is over (0: no average)
  double trailing_average = 0;
  bool low = false;  // under half a usual count of at least 10: a stale feed
};
std::vector<CategoryFreshness> category_freshness(const FetchStatus& status);

// Human-readable report: last day, success and error, then per category the newest day's count
// against its trailing average over the recent days, flagged when far below.
std::string format_fetch_status(const FetchStatus& status);

}  // namespace arxiv
