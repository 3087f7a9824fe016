#include "index/day_summary.h"

#include <nlohmann/json.hpp>

#include "fetcher/paper_json.h"
#include "index/schema.h"
#include "index/xapian_error.h"

namespace arxiv {

namespace {

bool is_day(const std::string& day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  for (size_t i = 0; i < day.size(); ++i)
    if (i != 4 && i != 7 && (day[i] < '0' || day[i] > '9')) return false;
  return true;
}

}  // namespace

Result<DaySummary> summarize_day(PaperReader& reader, const std::string& day) {
  if (!is_day(day)) return Error::invalid_input("not a day YYYY-MM-DD: '" + day + "'");
  return guard("summarizing " + day, [&]() -> Result<DaySummary> {
    DaySummary out;
    out.day = day;
    Xapian::Database& db = reader.database();
    const std::string term = schema::prefixed(schema::kDay, schema::compact_day(day));
    // The index keeps announce types per paper, not per day (a paper replaced today was new
    // last month), so each paper's own record says what today's listing called it.
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      auto paper =
          paper_from_json(nlohmann::json::parse(db.get_document(*it).get_data(), nullptr, false));
      if (!paper.ok()) return paper.error();
      ++out.total;
      const Announcement* a = paper->announcement_on(day);
      switch (a == nullptr ? AnnounceType::kUnknown : a->type) {
        case AnnounceType::kNew:
          ++out.new_papers;
          break;
        case AnnounceType::kCross:
          ++out.cross;
          break;
        case AnnounceType::kReplace:
        case AnnounceType::kReplaceCross:
          ++out.updated;
          break;
        case AnnounceType::kUnknown:
          ++out.unknown;
          break;
      }
    }
    return out;
  });
}

}  // namespace arxiv
