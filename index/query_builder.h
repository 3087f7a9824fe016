// Builds Xapian queries from profiles and search text, and turns matching index terms back into
// the words and phrases a person wrote (the "why this matched" of a ranked paper).
// Not thread-safe: one QueryBuilder per thread (it owns a QueryParser).
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "fetcher/result.h"
#include "index/profile.h"

namespace arxiv {

// One term or phrase of a query, as something that can match a paper.
struct QueryUnit {
  std::string label;          // as shown: `supernet`, `"neural architecture search"`
  Xapian::Query query;        // the unit alone, over title, abstract and authors
  Xapian::Query title_query;  // the unit restricted to the title
};

struct BuiltQuery {
  // What to rank by. Never combine it with OP_FILTER/OP_AND: see docid_filter.h.
  Xapian::Query query;
  // Queries a paper must also match (must_have); applied through a DocidFilter.
  std::vector<Xapian::Query> required;
  std::vector<QueryUnit> units;  // the free-text units of the profile or text, in query order
  std::vector<std::string> author_terms;  // boolean XA terms of followed authors
};

// Sets `parser` to read text as the index writes it (docs/design.md, "One term per word"): the
// stemmer, its strategy and the title:, author: and cat: prefixes.
void parse_as_indexed(Xapian::QueryParser& parser);

class QueryBuilder {
 public:
  QueryBuilder();

  // The ranking query of a profile: its text over all fields plus the same text over titles
  // (so title matches weigh more), a bonus for its categories (a filter when categories_only),
  // followed authors surfaced with a large bonus, must_not excluded; must_have go to `required`.
  // kInvalidInput naming the profile when a query does not parse.
  Result<BuiltQuery> profile_query(const Profile& profile);

  // The baseline `eval` compares against: BM25 over the profile's query text alone, every field
  // alike, without categories, authors, must-have or must-not.
  Result<BuiltQuery> plain_query(const Profile& profile);

  // A search box query: every word must match (stop words aside), phrases and field prefixes
  // allowed. kInvalidInput with the parser's message on a syntax error.
  Result<BuiltQuery> text_query(const std::string& text);

 private:
  Result<Xapian::Query> parse(const std::string& text, const std::string& what, unsigned flags,
                              const std::string& default_prefix = "");
  std::vector<QueryUnit> units_of(const Xapian::Query& query);

  Xapian::QueryParser parser_;
  Xapian::SimpleStopper stopper_;
  std::map<std::string, std::string> unstem_;  // "Zarchitecture" -> "architectures"
};

}  // namespace arxiv
