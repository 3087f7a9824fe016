#include "index/ranker.h"

#include <xapian.h>

#include <set>

#include "fetcher/paper_json.h"
#include "fetcher/text.h"
#include "index/docid_filter.h"
#include "index/query_builder.h"
#include "index/schema.h"
#include "index/xapian_error.h"

namespace arxiv {

namespace {

struct Hit {
  Xapian::docid docid = 0;
  double score = 0;
  Paper paper;
};

Result<std::vector<Hit>> collect(const Xapian::MSet& mset) {
  std::vector<Hit> hits;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    auto paper =
        paper_from_json(nlohmann::json::parse(it.get_document().get_data(), nullptr, false));
    if (!paper.ok()) return paper.error();
    hits.push_back({*it, it.get_weight(), std::move(paper).value()});
  }
  return hits;
}

// The docids among `hits` that `query` matches.
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

// Fills RankedPaper::matched: which units of the query each hit contains, and where.
std::vector<std::vector<std::string>> explain(Xapian::Database& db, const BuiltQuery& built,
                                              const std::vector<Hit>& hits) {
  std::vector<std::vector<std::string>> reasons(hits.size());
  if (hits.empty()) return reasons;
  std::vector<std::string> id_terms;
  for (const auto& h : hits) id_terms.push_back(schema::prefixed(schema::kId, h.paper.id));
  Xapian::Query among(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end());
  for (const auto& unit : built.units) {
    auto any = matching(db, unit.query, among, hits.size());
    if (any.empty()) continue;
    auto in_title = matching(db, unit.title_query, among, hits.size());
    for (size_t i = 0; i < hits.size(); ++i) {
      if (in_title.count(hits[i].docid)) {
        reasons[i].push_back(unit.label + " (title)");
      } else if (any.count(hits[i].docid)) {
        reasons[i].push_back(unit.label);
      }
    }
  }
  if (!built.author_terms.empty()) {
    for (size_t i = 0; i < hits.size(); ++i) {
      for (const auto& name : hits[i].paper.authors) {
        const std::string term = schema::prefixed(schema::kAuthorKey, schema::author_key(name));
        if (std::find(built.author_terms.begin(), built.author_terms.end(), term) !=
            built.author_terms.end())
          reasons[i].push_back("followed author: " + name);
      }
    }
  }
  return reasons;
}

std::string announce_type_on(const Paper& paper, const std::string& day) {
  const Announcement* a = day.empty() ? nullptr : paper.announcement_on(day);
  if (a == nullptr && !paper.announcements.empty()) a = &paper.announcements.front();
  return a == nullptr ? "" : announce_type_name(a->type);
}

std::vector<RankedPaper> to_ranked(std::vector<Hit>& hits, const BuiltQuery* built,
                                   Xapian::Database& db, const std::string& day) {
  std::vector<std::vector<std::string>> reasons =
      built ? explain(db, *built, hits) : std::vector<std::vector<std::string>>(hits.size());
  std::vector<RankedPaper> out;
  for (size_t i = 0; i < hits.size(); ++i) {
    RankedPaper r;
    r.announce_type = announce_type_on(hits[i].paper, day);
    r.score = hits[i].score;
    r.matched = std::move(reasons[i]);
    r.paper = std::move(hits[i].paper);
    out.push_back(std::move(r));
  }
  return out;
}

std::string day_term(const std::string& day) {
  return schema::prefixed(schema::kDay, schema::compact_day(day));
}

// Every day term in [from, to].
std::vector<std::string> day_terms_between(Xapian::Database& db, const std::string& from,
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

void require_all(DocidFilter& filter, const Xapian::Database& db,
                 const std::vector<Xapian::Query>& required) {
  for (const auto& q : required) filter.require(docids_matching(db, q));
}

}  // namespace

Result<Digest> build_digest(PaperReader& reader, const std::vector<Profile>& profiles,
                            const DigestOptions& options) {
  Digest digest;
  digest.day = options.day;
  if (!digest.day.empty() && !is_valid_day(digest.day))
    return Error::invalid_input("not a date: '" + digest.day + "' (expected YYYY-MM-DD)");
  std::vector<const Profile*> chosen;
  for (const auto& p : profiles) {
    if (options.profile.empty() || p.name == options.profile) chosen.push_back(&p);
  }
  if (chosen.empty()) return Error::invalid_input("no profile named '" + options.profile + "'");
  if (digest.day.empty()) {
    auto days = reader.days();
    if (!days.ok()) return days.error();
    if (days->empty())
      return Error::not_found("the index holds no announcement day yet: import a listing first");
    digest.day = days->back().day;
  }
  auto announced = reader.papers_on(digest.day);
  if (!announced.ok()) return announced.error();
  digest.announced = announced.value();
  return guard("building the digest", [&]() -> Result<Digest> {
    Xapian::Database& db = reader.database();
    QueryBuilder builder;
    for (const Profile* p : chosen) {
      ProfileDigest pd{p->name, p->title, 0, {}};
      if (digest.announced > 0) {
        auto built = builder.profile_query(*p);
        if (!built.ok()) return built.error();
        DocidFilter filter;
        require_all(filter, db, built->required);
        Xapian::Enquire enquire(db);
        enquire.set_query(restrict_leaves(built->query, Xapian::Query(day_term(digest.day))));
        if (p->min_score > 0) enquire.set_cutoff(0, p->min_score);
        const int limit = options.limit > 0 ? options.limit : p->limit;
        Xapian::MSet mset =
            enquire.get_mset(0, static_cast<Xapian::doccount>(limit), db.get_doccount(), nullptr,
                             filter.empty() ? nullptr : &filter);
        pd.matches = mset.get_matches_estimated();
        auto hits = collect(mset);
        if (!hits.ok()) return hits.error();
        pd.papers = to_ranked(hits.value(), &built.value(), db, digest.day);
      }
      digest.profiles.push_back(std::move(pd));
    }
    return digest;
  });
}

Result<SearchResults> search_papers(PaperReader& reader, const SearchOptions& options) {
  for (const std::string* d : {&options.from, &options.to}) {
    if (!d->empty() && !is_valid_day(*d))
      return Error::invalid_input("not a date: '" + *d + "' (expected YYYY-MM-DD)");
  }
  if (!options.from.empty() && !options.to.empty() && options.to < options.from)
    return Error::invalid_input("--to " + options.to + " is before --from " + options.from);
  return guard("searching", [&]() -> Result<SearchResults> {
    Xapian::Database& db = reader.database();
    QueryBuilder builder;
    std::optional<BuiltQuery> built;
    if (!options.text.empty()) {
      auto q = builder.text_query(options.text);
      if (!q.ok()) return q.error();
      built = std::move(q).value();
    }
    if (options.profile != nullptr) {
      auto q = builder.profile_query(*options.profile);
      if (!q.ok()) return q.error();
      if (built) {
        // Both must match; the weights of both count (an OR evaluated unfiltered, see
        // docid_filter.h, restricted to papers matching each).
        built->required.push_back(built->query);
        built->required.push_back(q->query);
        built->required.insert(built->required.end(), q->required.begin(), q->required.end());
        built->query = Xapian::Query(Xapian::Query::OP_OR, built->query, q->query);
        built->units.insert(built->units.end(), q->units.begin(), q->units.end());
        built->author_terms = q->author_terms;
      } else {
        built = std::move(q).value();
      }
    }
    DocidFilter filter;
    if (!options.from.empty() || !options.to.empty())
      filter.require(docids_with_any(db, day_terms_between(db, options.from, options.to)));
    if (built) require_all(filter, db, built->required);
    Xapian::Enquire enquire(db);
    enquire.set_query(built ? built->query : Xapian::Query::MatchAll);
    if (!built) {
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_sort_by_value(schema::kSlotDay, true);
    }
    Xapian::MSet mset = enquire.get_mset(
        static_cast<Xapian::doccount>(options.offset), static_cast<Xapian::doccount>(options.limit),
        db.get_doccount(), nullptr, filter.empty() ? nullptr : &filter);
    SearchResults results;
    results.total = mset.get_matches_estimated();
    auto hits = collect(mset);
    if (!hits.ok()) return hits.error();
    results.papers = to_ranked(hits.value(), built ? &*built : nullptr, db, "");
    return results;
  });
}

}  // namespace arxiv
