// Restricting a ranked query to a set of papers (a day, a range of days, must-have terms, search
// text) without changing its weights.
//
// Two ways: restrict_leaves() pushes the restriction down to every leaf (fast: each phrase is
// checked only inside the restriction; a day's digest takes about 1 ms per profile instead of
// 15), and DocidFilter rejects documents after an unrestricted match (for restrictions that are
// themselves costly queries, such as must-have phrases or a range of many days).
//
// Why not OP_FILTER: Xapian 1.4.22 mis-weights an OR of phrase subqueries when the matcher reaches
// it through skip_to, which OP_FILTER, OP_AND and OP_AND_MAYBE do: papers get the weight of phrases
// they do not contain (seen on every default profile; scores of a day's top 10 differed from
// unfiltered BM25 for 83 of 99 papers). Evaluating the query unfiltered and rejecting documents
// by docid in a MatchDecider gives the exact unfiltered weights at the same cost.
//
// Not thread-safe; build one per query.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_set>
#include <vector>

namespace arxiv {

class DocidFilter : public Xapian::MatchDecider {
 public:
  // Adds a requirement: a document must be among `docids` (requirements are ANDed).
  void require(std::unordered_set<Xapian::docid> docids) { sets_.push_back(std::move(docids)); }
  // Adds an exclusion: a document must not be among `docids`.
  void exclude(std::unordered_set<Xapian::docid> docids) { excluded_.push_back(std::move(docids)); }
  bool empty() const { return sets_.empty() && excluded_.empty(); }

  bool operator()(const Xapian::Document& doc) const override;

 private:
  std::vector<std::unordered_set<Xapian::docid>> sets_;
  std::vector<std::unordered_set<Xapian::docid>> excluded_;
};

// `query` with `among` applied as OP_FILTER to each leaf, below every OP_OR and OP_AND_MAYBE and
// to the left of OP_AND_NOT; weights are exactly those of the unrestricted query (filtering one
// phrase at a time does not hit the bug). Any other operator is treated as a leaf, so a query
// must not hold an OR of phrases under OP_SCALE_WEIGHT or OP_FILTER.
Xapian::Query restrict_leaves(const Xapian::Query& query, const Xapian::Query& among);

// Every day term (schema::kDay) of a day in [from, to]; either bound may be empty (open).
std::vector<std::string> day_terms_between(const Xapian::Database& db, const std::string& from,
                                           const std::string& to);

// The documents indexed by any of `terms` (e.g. day terms), read from their posting lists.
std::unordered_set<Xapian::docid> docids_with_any(const Xapian::Database& db,
                                                  const std::vector<std::string>& terms);

// The documents `query` matches, evaluated on its own (BoolWeight, no restriction).
std::unordered_set<Xapian::docid> docids_matching(const Xapian::Database& db,
                                                  const Xapian::Query& query);

}  // namespace arxiv
