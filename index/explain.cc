#include "index/explain.h"

#include <algorithm>
#include <set>

#include "index/schema.h"

namespace arxiv {

namespace {

// The docids among `among` that `query` matches; each unit is a single term or phrase, so
// OP_FILTER is safe here (see docid_filter.h).
std::set<Xapian::docid> matching(Xapian::Database& db, const Xapian::Query& query,
                                 const Xapian::Query& among, size_t count) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, among));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::set<Xapian::docid> out;
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(count));
  for (auto it = mset.begin(); it != mset.end(); ++it) out.insert(*it);
  return out;
}

}  // namespace

void explain_matches(Xapian::Database& db, const BuiltQuery& built,
                     std::vector<Explained>& papers) {
  if (papers.empty()) return;
  std::vector<std::string> id_terms;
  for (const auto& p : papers) id_terms.push_back(schema::prefixed(schema::kId, p.paper->id));
  Xapian::Query among(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end());
  for (const auto& unit : built.units) {
    auto any = matching(db, unit.query, among, papers.size());
    if (any.empty()) continue;
    auto in_title = matching(db, unit.title_query, among, papers.size());
    for (auto& p : papers) {
      if (in_title.count(p.docid)) {
        p.terms.push_back({unit.label, "title"});
      } else if (any.count(p.docid)) {
        p.terms.push_back({unit.label, "abstract"});
      }
    }
  }
  if (built.author_terms.empty()) return;
  for (auto& p : papers) {
    for (const auto& name : p.paper->authors) {
      const std::string term = schema::prefixed(schema::kAuthorKey, schema::author_key(name));
      if (std::find(built.author_terms.begin(), built.author_terms.end(), term) !=
          built.author_terms.end())
        p.terms.push_back({name, "author"});
    }
  }
}

std::vector<std::string> matched_lines(const std::vector<MatchedTerm>& terms) {
  std::vector<std::string> out;
  for (const auto& t : terms) {
    if (t.field == "title") {
      out.push_back(t.term + " (title)");
    } else if (t.field == "author") {
      out.push_back("followed author: " + t.term);
    } else {
      out.push_back(t.term);
    }
  }
  return out;
}

}  // namespace arxiv
