// Facet counts of a search: over every paper it matches (not only the page returned), how many are
// in each category and how many were announced on each day and in each year. FacetSpy is a
// Xapian::MatchSpy to hand to search_papers() as SearchOptions::spy; it reads each matching
// paper's category and day terms (schema.h), so its counts agree with the search's own filters: a
// category counts cross-lists as the category filter does, and a paper listed on several days
// counts on each (once per year), as the from/to filter finds it.
// Not thread-safe: one FacetSpy per search. Xapian errors propagate to the search's guard().
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

namespace arxiv {

struct FacetCount {
  std::string name;  // "cs.LG", "2025-03-18", "2025"
  size_t count = 0;
};

struct Facets {
  std::vector<FacetCount> categories;  // most papers first, then by name
  std::vector<FacetCount> days;        // YYYY-MM-DD, oldest first
  std::vector<FacetCount> years;       // YYYY, oldest first
};

class FacetSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double weight) override;

  // What the papers seen so far add up to.
  Facets facets() const;

 private:
  std::map<std::string, size_t> categories_;
  std::map<std::string, size_t> days_;
  std::map<std::string, size_t> years_;
};

}  // namespace arxiv
