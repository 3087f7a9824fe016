#include "index/docid_filter.h"

#include "index/schema.h"

namespace arxiv {

bool DocidFilter::operator()(const Xapian::Document& doc) const {
  const Xapian::docid id = doc.get_docid();
  for (const auto& set : sets_) {
    if (set.count(id) == 0) return false;
  }
  for (const auto& set : excluded_) {
    if (set.count(id) > 0) return false;
  }
  return true;
}

Xapian::Query restrict_leaves(const Xapian::Query& query, const Xapian::Query& among) {
  using Q = Xapian::Query;
  switch (query.get_type()) {
    case Q::LEAF_MATCH_NOTHING:
      return query;
    case Q::OP_OR:
    case Q::OP_AND_MAYBE: {
      std::vector<Q> subs;
      for (size_t i = 0; i < query.get_num_subqueries(); ++i)
        subs.push_back(restrict_leaves(query.get_subquery(i), among));
      if (query.get_type() == Q::OP_OR) return Q(Q::OP_OR, subs.begin(), subs.end());
      // AND_MAYBE is left-associative over its subqueries.
      Q out = subs.front();
      for (size_t i = 1; i < subs.size(); ++i) out = Q(Q::OP_AND_MAYBE, out, subs[i]);
      return out;
    }
    case Q::OP_AND_NOT: {
      Q out = restrict_leaves(query.get_subquery(0), among);
      for (size_t i = 1; i < query.get_num_subqueries(); ++i)
        out = Q(Q::OP_AND_NOT, out, query.get_subquery(i));
      return out;
    }
    default:
      return Q(Q::OP_FILTER, query, among);
  }
}

std::vector<std::string> day_terms_between(const Xapian::Database& db, const std::string& from,
                                           const std::string& to) {
  const std::string prefix(schema::kDay);
  const std::string lo = prefix + schema::compact_day(from);
  const std::string hi = prefix + (to.empty() ? std::string("99999999") : schema::compact_day(to));
  std::vector<std::string> terms;
  auto t = db.allterms_begin(prefix);
  t.skip_to(lo);
  for (; t != db.allterms_end(prefix) && *t <= hi; ++t) terms.push_back(*t);
  return terms;
}

std::unordered_set<Xapian::docid> docids_with_any(const Xapian::Database& db,
                                                  const std::vector<std::string>& terms) {
  std::unordered_set<Xapian::docid> out;
  for (const auto& term : terms) {
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out.insert(*it);
  }
  return out;
}

std::unordered_set<Xapian::docid> docids_matching(const Xapian::Database& db,
                                                  const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  std::unordered_set<Xapian::docid> out;
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.insert(*it);
  return out;
}

}  // namespace arxiv
