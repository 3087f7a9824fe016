// Facet counts of a search: over every paper it matches (not only the page returned), how many are
// in each category and how many were announced on each day and in each year. FacetSpy is a
// Xapian::MatchSpy to hand to search_papers() as SearchOptions::spy; its counts come from each
// matching paper's category and day terms (schema.h), so they agree with the search's own filters:
// a category counts cross-lists as the category filter does, and a paper listed on several days
// counts on each (once per year), as the from/to filter finds it.
//
// Reading a paper's terms from its termlist costs tens of microseconds, which a search matching
// thousands of papers pays thousands of times. FacetTable holds every paper's day and category
// terms of one revision of the index, read once from their posting lists; a FacetSpy given a table
// only looks a matching paper's docid up. FacetTables keeps the table of the latest revision seen.
//
// FacetSpy is not thread-safe: one per search. A FacetTable is immutable and may be shared by any
// number of threads; FacetTables is thread-safe. Xapian errors propagate (callers run these inside
// guard()), except from FacetTables, which returns them; a table used with another revision of
// the index than its own gives wrong counts, so take it from FacetTables with the very reader the
// search reads through.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fetcher/result.h"
#include "index/paper_store.h"

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

class FacetTable {
 public:
  // Reads the day and category posting lists of `db` as it is now.
  explicit FacetTable(const Xapian::Database& db);

  const std::string& revision() const { return revision_; }  // "uuid:revision" read from

 private:
  friend class FacetSpy;
  enum class Kind : uint8_t { kDay, kCategory };
  struct Value {
    Kind kind;
    std::string name;   // as shown: "2025-03-18", "cs.LG"
    uint32_t year = 0;  // for a day: its index in years_
  };
  std::string revision_;
  std::vector<Value> values_;       // days oldest first, then categories by name
  std::vector<std::string> years_;  // oldest first
  // Compressed rows: the values of docid d are values_[v] for v in
  // of_doc_[starts_[d] .. starts_[d + 1]).
  std::vector<uint32_t> starts_;
  std::vector<uint32_t> of_doc_;
};

// The table of the latest revision of the index asked about.
class FacetTables {
 public:
  // The table of the revision `reader` reads, built now if this is a revision not seen last
  // time (concurrent callers wait for one build). Errors as the reader's.
  Result<std::shared_ptr<const FacetTable>> of(PaperReader& reader);

 private:
  std::mutex mutex_;
  std::shared_ptr<const FacetTable> latest_;
};

class FacetSpy : public Xapian::MatchSpy {
 public:
  // Reads each matching paper's termlist.
  FacetSpy() = default;
  // Looks matching papers up in `table`, which must be of the revision the search reads.
  explicit FacetSpy(std::shared_ptr<const FacetTable> table);

  void operator()(const Xapian::Document& doc, double weight) override;

  // What the papers seen so far add up to.
  Facets facets() const;

 private:
  void count_terms(const Xapian::Document& doc);

  std::shared_ptr<const FacetTable> table_;
  std::vector<size_t> value_counts_, year_counts_;  // with a table: per value and year of it
  std::map<std::string, size_t> categories_;
  std::map<std::string, size_t> days_;
  std::map<std::string, size_t> years_;
};

}  // namespace arxiv
