// "More like this": the papers of the index most like a given one, for `arxiv-triage similar` and
// (later) the web page. The paper's own words are weighed by relevance-feedback expansion (Xapian
// RSet/ESet over its free-text stems), and the index is ranked by a BM25 OR of those terms.
// Reads through a PaperReader and shares its thread-safety: one reader per thread.
#pragma once

#include <string>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"
#include "index/paper_store.h"
#include "index/ranker.h"

namespace arxiv {

struct SimilarOptions {
  std::string from, to;  // YYYY-MM-DD bounds on the papers' announcement days; empty = open
  size_t limit = 10;
};

struct SimilarPapers {
  Paper source;  // the paper asked about
  // The words that describe it, most characteristic first, as it writes them ("supernet").
  std::vector<std::string> terms;
  // Most similar first (score non-increasing), never the source itself. `matched` of each lists
  // the words of `terms` it shares, in the same order; `announce_type` is of its first listing.
  std::vector<RankedPaper> papers;
};

// The papers most like the one with arXiv id `id` (any form parse_arxiv_id accepts: a version or
// "arXiv:" prefix is ignored). kInvalidInput for a malformed id or date, or --to before --from;
// kNotFound when the index holds no paper with that id ("no paper 2501.99999 in the index").
// A paper with no usable words yields an empty list, not an error.
Result<SimilarPapers> similar_papers(PaperReader& reader, const std::string& id,
                                     const SimilarOptions& options);

}  // namespace arxiv
