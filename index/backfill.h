// Backfill: bootstrap or repair the index from arXiv's OAI-PMH service, one set per subscribed
// category, from a day on.
//
// Each harvested page is stored and its checkpoint written in the same index commit, so a killed
// backfill resumes at the page it stopped on, and a finished set is remembered (per `from` day)
// so a rerun does not harvest it again. Papers from OAI-PMH carry no announcement day (the
// protocol has none); they are found by search and by id, and a later listing adds their day.
// Holds the index write lock while it runs; not thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fetcher/announcement_calendar.h"
#include "fetcher/oai_harvester.h"
#include "fetcher/result.h"
#include "index/paper_store.h"

namespace arxiv {

// The OAI-PMH set of an arXiv category: "cs.LG" -> "cs:cs:LG", "q-bio.NC" -> "q-bio:q-bio:NC",
// "cond-mat.dis-nn" -> "physics:cond-mat:dis-nn", "hep-th" -> "physics:hep-th". kInvalidInput
// for a string that is not a category.
Result<std::string> oai_set_for(const std::string& category);

// Listing days the daily fetch missed. Papers the index has never seen are filed under the listing
// day estimated from their first version's submission day
// (AnnouncementCalendar::listing_day_for_submission) when that day is one of `days`; each repaired
// day gets its listing marker.
struct MissedDays {
  const AnnouncementCalendar* calendar = nullptr;
  std::vector<std::string> days;
};

struct BackfillReport {
  size_t sets = 0, sets_skipped = 0;  // skipped: finished by an earlier run
  size_t pages = 0, papers = 0;
  UpsertCounts counts;
  bool resumed = false;
  std::map<std::string, size_t> repaired;  // missed day -> papers filed under it
  std::string response_date;  // of this run's first OAI response; "" when nothing was harvested
};

// Harvests `base` (URL, prefix, from, until) for every set in `sets`.
Result<BackfillReport> backfill(const std::filesystem::path& data_dir, PoliteClient& client,
                                const OaiWindow& base, const std::vector<std::string>& sets,
                                const MissedDays& missed = {},
                                const std::function<void(const BackfillReport&)>& on_progress = {});

}  // namespace arxiv
