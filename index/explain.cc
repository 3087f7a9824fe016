#include "index/explain.h"

#include <algorithm>
#include <cctype>

#include "index/schema.h"

namespace arxiv {

namespace {

// The docids among `among` that `query` matches; each unit is a single term or phrase, so
// OP_FILTER is safe here (see docid_filter.h).
std::unordered_set<Xapian::docid> matching_among(Xapian::Database& db, const Xapian::Query& query,
                                                 const Xapian::Query& among,
                                                 Xapian::doccount count) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, among));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::unordered_set<Xapian::docid> out;
  Xapian::MSet mset = enquire.get_mset(0, count);
  for (auto it = mset.begin(); it != mset.end(); ++it) out.insert(*it);
  return out;
}

// What a unit matches depends on its terms, operators and window, not on where it stood in its
// query: the description without the query positions ("Zsupernet@7" -> "Zsupernet"). A position
// is '@' and digits ending a term, before ' ' or ')'; a term's own '@' is followed by more.
std::string unit_key(const Xapian::Query& unit) {
  const std::string d = unit.get_description();
  std::string key;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d[i] == '@') {
      size_t j = i + 1;
      while (j < d.size() && std::isdigit(static_cast<unsigned char>(d[j]))) ++j;
      if (j > i + 1 && (j == d.size() || d[j] == ' ' || d[j] == ')')) {
        i = j - 1;
        continue;
      }
    }
    key += d[i];
  }
  return key;
}

// Fills `terms` of each paper; `match(query)` gives a set holding (at least) the papers' docids
// that the query matches.
template <typename Match>
void explain_with(const BuiltQuery& built, std::vector<Explained>& papers, Match&& match) {
  if (papers.empty()) return;
  for (const auto& unit : built.units) {
    const auto& any = match(unit.query);
    if (std::none_of(papers.begin(), papers.end(),
                     [&](const Explained& p) { return any.count(p.docid) > 0; }))
      continue;
    const auto& in_title = match(unit.title_query);
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

}  // namespace

void explain_matches(Xapian::Database& db, const BuiltQuery& built,
                     std::vector<Explained>& papers) {
  std::vector<std::string> id_terms;
  for (const auto& p : papers) id_terms.push_back(schema::prefixed(schema::kId, p.paper->id));
  const Xapian::Query among(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end());
  const auto count = static_cast<Xapian::doccount>(papers.size());
  explain_with(built, papers,
               [&](const Xapian::Query& unit) { return matching_among(db, unit, among, count); });
}

DayExplainer::DayExplainer(Xapian::Database& db, Xapian::Query day)
    : db_(db), day_(std::move(day)) {}

void DayExplainer::explain(const BuiltQuery& built, std::vector<Explained>& papers) {
  explain_with(
      built, papers, [&](const Xapian::Query& unit) -> const auto& { return matching(unit); });
}

const std::unordered_set<Xapian::docid>& DayExplainer::matching(const Xapian::Query& unit) {
  std::string key = unit_key(unit);
  auto it = matches_.find(key);
  if (it != matches_.end()) return it->second;
  return matches_.emplace(std::move(key), matching_among(db_, unit, day_, db_.get_doccount()))
      .first->second;
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
