// Parser for JSON-lines metadata dumps, one paper per line, in two shapes:
//  - the Kaggle arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json): id, submitter,
//    authors, title, comments, journal-ref, doi, report-no, categories (space-separated),
//    license, abstract, versions[{version, created}], update_date, authors_parsed;
//  - daily digest dumps (daily-arxiv-ai-enhanced): id, pdf, abs, authors[], title,
//    categories[], comment, summary.
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "fetcher/paper.h"
#include "fetcher/result.h"

namespace arxiv {

// Parses one line. Fails with kInvalidInput for malformed JSON, a JSON value that is not an
// object of either shape, or a missing/invalid id; the message says which field is wrong.
// Kaggle authors come from authors_parsed ("First Last", suffix appended) when present, else from
// splitting `authors`; LaTeX escapes such as "Bal\'azs" are kept as written. version = number of
// versions; submitted/updated = first/last version's created date. No Announcement is set.
Result<Paper> parse_metadata_json_line(std::string_view line);

}  // namespace arxiv
