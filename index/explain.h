// Which units of a ranking query (profile terms and phrases, followed authors) each paper
// matched, and in which field: the "matched" list and the `why.terms` of ranked papers.
// Functions run Xapian queries: call them inside guard(). Not thread-safe (one Database).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "fetcher/paper.h"
#include "index/query_builder.h"

namespace arxiv {

struct MatchedTerm {
  std::string term;  // as the profile writes it: `supernet`, `"neural architecture search"`
  // "title", "abstract" (title and abstract text, not the title), "author"; "text" for the
  // words a similar paper shares (title and abstract alike).
  std::string field;
};

struct Explained {
  Xapian::docid docid = 0;
  const Paper* paper = nullptr;
  std::vector<MatchedTerm> terms;  // in query order
};

// Fills `terms` of each paper (docid and paper set by the caller).
void explain_matches(Xapian::Database& db, const BuiltQuery& built, std::vector<Explained>& papers);

// The one-line forms: `supernet (title)`, `"architecture search"`, `followed author: A. Name`.
std::vector<std::string> matched_lines(const std::vector<MatchedTerm>& terms);

}  // namespace arxiv
