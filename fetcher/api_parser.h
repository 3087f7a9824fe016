// Parser for arXiv API responses (export.arxiv.org/api/query, Atom 1.0), old and new format.
// Pure function; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"

namespace arxiv {

struct ApiPage {
  long total_results = 0;     // opensearch:totalResults
  long start_index = 0;       // opensearch:startIndex
  long items_per_page = 0;    // opensearch:itemsPerPage
  std::vector<Paper> papers;  // entries in feed order; no Announcement (the API gives none)
};

// Parses one response page. An empty result (totalResults 0) is a success. Elements are matched
// by namespace URI, whatever prefix declares them; unknown elements (links, affiliations) are
// ignored. Categories list arxiv:primary_category first. Fails with kInvalidInput for malformed or
// truncated XML, a document that is not an Atom feed with the three opensearch counts, an entry
// whose id or dates do not parse (the message names the entry), and for arXiv's error feed (an
// entry whose id is .../api/errors#<reason>): the message is the error's summary and
// Error::reason the part after '#'.
Result<ApiPage> parse_api_response(std::string_view bytes);

}  // namespace arxiv
