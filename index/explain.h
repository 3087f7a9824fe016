// Which units of a ranking query (profile terms and phrases, followed authors) each paper
// matched, and in which field: the "matched" list and the `why.terms` of ranked papers.
// Functions run Xapian queries: call them inside guard(). Not thread-safe (one Database).
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
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

// Fills `terms` of each paper (docid and paper set by the caller): one small query per unit,
// among these papers only.
void explain_matches(Xapian::Database& db, const BuiltQuery& built, std::vector<Explained>& papers);

// Explains papers announced on one day for any number of rankings (a digest of many profiles):
// each distinct unit is matched once against the whole day and kept, so a unit shared by many
// profiles costs one query instead of one per profile. Gives exactly what explain_matches()
// gives for papers of that day. Not thread-safe.
class DayExplainer {
 public:
  // `day` restricts the unit queries: the day term of the digest's day.
  DayExplainer(Xapian::Database& db, Xapian::Query day);

  void explain(const BuiltQuery& built, std::vector<Explained>& papers);

 private:
  const std::unordered_set<Xapian::docid>& matching(const Xapian::Query& unit);

  Xapian::Database& db_;
  Xapian::Query day_;
  // By unit_key(): the papers of the day each unit (or its title form) matches.
  std::unordered_map<std::string, std::unordered_set<Xapian::docid>> matches_;
};

// The one-line forms: `supernet (title)`, `"architecture search"`, `followed author: A. Name`.
std::vector<std::string> matched_lines(const std::vector<MatchedTerm>& terms);

}  // namespace arxiv
