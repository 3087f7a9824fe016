#include "index/docid_filter.h"

namespace arxiv {

bool DocidFilter::operator()(const Xapian::Document& doc) const {
  const Xapian::docid id = doc.get_docid();
  for (const auto& set : sets_) {
    if (set.count(id) == 0) return false;
  }
  return true;
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
