// What one announcement day brought, by the type of each paper's listing that day: the coverage
// line of the web digest ("scanned 412 new and 230 cross-lists (310 updated)").
// Reads through a PaperReader and shares its thread-safety: one reader per thread.
#pragma once

#include <cstddef>
#include <string>

#include "fetcher/result.h"
#include "index/paper_store.h"

namespace arxiv {

struct DaySummary {
  std::string day;        // YYYY-MM-DD
  size_t total = 0;       // papers listed that day (PaperReader::papers_on)
  size_t new_papers = 0;  // announce type "new"
  size_t cross = 0;       // "cross": cross-lists from other archives
  size_t updated = 0;     // "replace" and "replace-cross": new versions
  size_t unknown = 0;     // sources that did not say (imports of API or OAI records)
};

// Counts the papers listed on `day`; all zero for a day without papers. kInvalidInput for a
// malformed day; kCorrupt when a stored paper record does not parse.
Result<DaySummary> summarize_day(PaperReader& reader, const std::string& day);

}  // namespace arxiv
