// Over the ~400-line guideline: the digest (parse all profiles, rank them on one or two threads,
// explain from shared unit matches) and search share the match-and-rescore helpers here;
// splitting the digest into its own file is the next change to this file.
#include "index/ranker.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

#include "fetcher/paper_json.h"
#include "fetcher/text.h"
#include "index/docid_filter.h"
#include "index/query_builder.h"
#include "index/schema.h"
#include "index/term_vectors.h"
#include "index/xapian_error.h"

namespace arxiv {

namespace {

// How much the learned expansion terms weigh against the profile's own terms. They only add to
// papers the profile's query matches (OP_AND_MAYBE): as an OR they let most of a day's papers in,
// which cost a digest 90 ms instead of 44 for the same quality (dev split 0.955/0.829 either way).
constexpr double kExpansionScale = 1.0;
// BM25 units per unit of the feedback model's log-odds.
constexpr double kFeedbackScale = 5.0;
// BM25 units per unit of similarity between a paper and the profile's description (the paper's
// log-tf vector against the description's TF-IDF, term_vectors.h): the researcher's own words
// re-rank what the query found. TF-IDF cosine to the interest text is the best simple ranker of
// a day's papers; on the dev judgments this took daily nDCG@5 from 0.900 to 0.937.
constexpr double kInterestScale = 30.0;
// BM25 k1: a little more weight to repeated terms than Xapian's default of 1, which helps the
// long phrase-rich profile queries (dev judgments: backlog nDCG@20 0.847 -> 0.861).
constexpr double kBm25K1 = 1.5;
// Search re-ranks this many of the query's best papers with the feedback model.
constexpr Xapian::doccount kRerankDepth = 400;
constexpr size_t kLearnedTermsShown = 5;

struct Scored {
  Xapian::docid docid = 0;
  double profile_score = 0;
  double interest_score = 0;
  double feedback_score = 0;
  double total() const { return profile_score + interest_score + feedback_score; }
};

// What one ranking needs: the query and the model of the profile, if any.
struct Ranking {
  BuiltQuery built;
  std::shared_ptr<const FeedbackModel> model;  // never null
  Xapian::Query query;                         // built.query plus the learned expansion
  WeightedTerms interest;                      // the profile's description, TF-IDF times idf
};

Result<Ranking> prepare(QueryBuilder& builder, const Profile& profile, Scoring scoring,
                        const ProfileFeedback* feedback, ModelCache* models, Xapian::Database& db,
                        TermVectors& vectors) {
  auto built = scoring == Scoring::kPlainBm25 ? builder.plain_query(profile)
                                              : builder.profile_query(profile);
  if (!built.ok()) return built.error();
  Ranking r{std::move(built).value(), std::make_shared<const FeedbackModel>(), {}, {}};
  if (scoring == Scoring::kFull) {
    for (const auto& [term, value] : vectors.tf_idf_of_text(profile.description))
      r.interest.emplace(term, value * vectors.idf(term));
  }
  if (scoring == Scoring::kFull && feedback != nullptr && !feedback->empty()) {
    r.model =
        models != nullptr
            ? models->get(db, vectors, profile.name, *feedback)
            : std::make_shared<const FeedbackModel>(FeedbackModel::train(db, vectors, *feedback));
  }
  r.query = r.built.query;
  if (r.model->trained() && !r.model->expansion().empty())
    r.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, r.query,
                            Xapian::Query(kExpansionScale, r.model->expansion_query()));
  return r;
}

// Scores the matches of `mset` with the model; dismissed papers are dropped. Best first.
std::vector<Scored> rescore(const Xapian::MSet& mset, const Ranking& ranking,
                            TermVectors& vectors) {
  const FeedbackModel& model = *ranking.model;
  std::vector<Scored> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (model.dismissed(*it)) continue;
    Scored s{*it, it.get_weight(), 0, 0};
    if (model.trained()) s.feedback_score = kFeedbackScale * model.score(vectors.of(*it));
    if (!ranking.interest.empty())
      s.interest_score = kInterestScale * weighted_sum(vectors.of(*it), ranking.interest);
    out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Scored& a, const Scored& b) { return a.total() > b.total(); });
  return out;
}

void set_weighting(Xapian::Enquire& enquire, Scoring scoring) {
  if (scoring == Scoring::kFull) {
    enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, 0.5, 0.5));
  } else {
    enquire.set_weighting_scheme(Xapian::BM25Weight());
  }
}

std::string announce_type_on(const Paper& paper, const std::string& day) {
  const Announcement* a = day.empty() ? nullptr : paper.announcement_on(day);
  if (a == nullptr && !paper.announcements.empty()) a = &paper.announcements.front();
  return a == nullptr ? "" : announce_type_name(a->type);
}

// What the profiles of one day's digest share: each distinct query unit is matched once against
// the day, and each paper is read once (a thousand profiles show the same few hundred papers).
struct SharedDay {
  DayExplainer explainer;
  std::unordered_map<Xapian::docid, Paper> papers;
};

Result<Paper> load_paper(Xapian::Database& db, Xapian::docid docid) {
  return paper_from_json(nlohmann::json::parse(db.get_document(docid).get_data(), nullptr, false));
}

// Loads and explains the chosen papers; through `shared` when they are all of its day.
Result<std::vector<RankedPaper>> to_ranked(Xapian::Database& db, const std::vector<Scored>& chosen,
                                           const Ranking* ranking, TermVectors& vectors,
                                           const std::string& day, SharedDay* shared = nullptr) {
  std::vector<Paper> papers;
  for (const auto& s : chosen) {
    if (shared != nullptr) {
      auto known = shared->papers.find(s.docid);
      if (known != shared->papers.end()) {
        papers.push_back(known->second);
        continue;
      }
    }
    auto paper = load_paper(db, s.docid);
    if (!paper.ok()) return paper.error();
    if (shared != nullptr) shared->papers.emplace(s.docid, paper.value());
    papers.push_back(std::move(paper).value());
  }
  std::vector<Explained> explained;
  for (size_t i = 0; i < chosen.size(); ++i) explained.push_back({chosen[i].docid, &papers[i], {}});
  if (ranking != nullptr && shared != nullptr) {
    shared->explainer.explain(ranking->built, explained);
  } else if (ranking != nullptr) {
    explain_matches(db, ranking->built, explained);
  }
  std::vector<RankedPaper> out;
  for (size_t i = 0; i < chosen.size(); ++i) {
    RankedPaper r;
    r.announce_type = announce_type_on(papers[i], day);
    r.score = chosen[i].total();
    r.why.terms = std::move(explained[i].terms);
    r.matched = matched_lines(r.why.terms);
    r.why.profile_score = chosen[i].profile_score;
    r.why.interest_score = chosen[i].interest_score;
    r.why.feedback_score = chosen[i].feedback_score;
    if (ranking != nullptr && ranking->model->trained()) {
      const TermVector& v = vectors.of(chosen[i].docid);
      r.why.learned = ranking->model->top_contributions(v, kLearnedTermsShown);
      r.why.nearest_liked = ranking->model->nearest_liked(chosen[i].docid, vectors.tf_idf(v));
    }
    r.paper = std::move(papers[i]);
    out.push_back(std::move(r));
  }
  return out;
}

std::string day_term(const std::string& day) {
  return schema::prefixed(schema::kDay, schema::compact_day(day));
}

void require_all(DocidFilter& filter, const Xapian::Database& db,
                 const std::vector<Xapian::Query>& required) {
  for (const auto& q : required) filter.require(docids_matching(db, q));
}

// The all-profiles view: each paper once, by its best rank in any profile.
std::vector<RankedPaper> merge_profiles(const std::vector<ProfileDigest>& profiles) {
  std::vector<RankedPaper> all;
  std::map<std::string, size_t> index;
  std::vector<size_t> best_rank;
  for (const auto& pd : profiles) {
    for (size_t rank = 0; rank < pd.papers.size(); ++rank) {
      const RankedPaper& r = pd.papers[rank];
      auto [it, fresh] = index.emplace(r.paper.id, all.size());
      if (fresh) {
        all.push_back(r);
        all.back().profiles.clear();
        best_rank.push_back(rank);
      }
      RankedPaper& merged = all[it->second];
      merged.profiles.push_back(pd.name);
      if (rank < best_rank[it->second] ||
          (rank == best_rank[it->second] && r.score > merged.score)) {
        best_rank[it->second] = rank;
        merged.score = r.score;
      }
    }
  }
  std::vector<size_t> order(all.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (best_rank[a] != best_rank[b]) return best_rank[a] < best_rank[b];
    return all[a].score > all[b].score;
  });
  std::vector<RankedPaper> out;
  for (size_t i : order) out.push_back(std::move(all[i]));
  return out;
}

const ProfileFeedback* feedback_for(const Feedback* feedback, const std::string& profile) {
  if (feedback == nullptr) return nullptr;
  auto it = feedback->find(profile);
  return it == feedback->end() ? nullptr : &it->second;
}

// One day's digest of many profiles, ranked by one or two threads: each takes the next profile
// not yet taken and writes only that profile's entry of `out`.
struct DayRanking {
  const std::string& day;
  const std::vector<const Profile*>& profiles;
  const std::vector<Ranking>& rankings;
  const DigestOptions& options;
  std::vector<ProfileDigest>& out;
  std::atomic<size_t> next;
};

// Ranks profiles of `day` until none is left, reading `db` (this thread's own).
Status rank_profiles(DayRanking& day, Xapian::Database& db, TermVectors& vectors) {
  const std::string term = day_term(day.day);
  const Xapian::Query on_day(term);
  // Every leaf is restricted to the day, so no profile matches more papers than the day has.
  const Xapian::doccount day_papers = db.get_termfreq(term);
  SharedDay shared{DayExplainer(db, on_day), {}};
  for (size_t i = day.next++; i < day.profiles.size(); i = day.next++) {
    const Profile& p = *day.profiles[i];
    const Ranking& ranking = day.rankings[i];
    ProfileDigest& pd = day.out[i];
    DocidFilter filter;
    require_all(filter, db, ranking.built.required);
    Xapian::Enquire enquire(db);
    set_weighting(enquire, day.options.scoring);
    // Every match of the day: the model may reorder them all.
    enquire.set_query(restrict_leaves(ranking.query, on_day));
    Xapian::MSet mset =
        enquire.get_mset(0, day_papers, 0, nullptr, filter.empty() ? nullptr : &filter);
    std::vector<Scored> scored = rescore(mset, ranking, vectors);
    pd.matches = scored.size();
    // On the profile's own score: the feedback model's log-odds are centred on the corpus
    // (most papers get a negative share), so a threshold on the total would move with it.
    // The plain BM25 baseline has no threshold: its scores are on another scale.
    const double min_score = day.options.scoring == Scoring::kFull ? p.min_score : 0;
    std::erase_if(scored,
                  [&](const Scored& s) { return s.profile_score + s.interest_score < min_score; });
    const size_t limit = static_cast<size_t>(day.options.limit > 0 ? day.options.limit : p.limit);
    if (scored.size() > limit) scored.resize(limit);
    auto ranked = to_ranked(db, scored, &ranking, vectors, day.day, &shared);
    if (!ranked.ok()) return ranked.error();
    pd.papers = std::move(ranked).value();
  }
  return {};
}

// A second handle on the index `db` reads, for a second thread (a Database serves one thread);
// none when the index has moved on since `db` was opened (its ranking would differ).
std::optional<Xapian::Database> same_revision(const Xapian::Database& db,
                                              const std::filesystem::path& data_dir) {
  Xapian::Database second(index_path(data_dir).string());
  if (second.get_uuid() != db.get_uuid() || second.get_revision() != db.get_revision())
    return std::nullopt;
  return second;
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
  for (const Profile* p : chosen) digest.profiles.push_back({p->name, p->title, 0, {}});
  if (digest.announced == 0) return digest;
  return guard("building the digest", [&]() -> Result<Digest> {
    Xapian::Database& db = reader.database();
    TermVectors vectors(db);
    // Prepared in profile order on one builder: a unit's label is the first spelling the builder
    // saw of its stem, so the explanations do not depend on the threads.
    std::vector<Ranking> rankings;
    QueryBuilder builder;
    for (const Profile* p : chosen) {
      auto ranking = prepare(builder, *p, options.scoring, feedback_for(options.feedback, p->name),
                             options.models, db, vectors);
      if (!ranking.ok()) return ranking.error();
      rankings.push_back(std::move(ranking).value());
    }
    DayRanking day{digest.day, chosen, rankings, options, digest.profiles, {}};
    std::optional<Xapian::Database> second;
    if (!options.data_dir.empty() && chosen.size() > 1)
      second = same_revision(db, options.data_dir);
    if (!second) {
      Status ranked = rank_profiles(day, db, vectors);
      if (!ranked.ok()) return ranked.error();
    } else {
      Status other;
      std::thread helper([&] {
        other = guard("building the digest", [&]() -> Status {
          TermVectors own(*second);
          return rank_profiles(day, *second, own);
        });
      });
      Status ranked = guard("building the digest", [&] { return rank_profiles(day, db, vectors); });
      helper.join();
      if (!ranked.ok()) return ranked.error();
      if (!other.ok()) return other.error();
    }
    digest.all = merge_profiles(digest.profiles);
    return std::move(digest);
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
    TermVectors vectors(db);
    std::optional<Ranking> ranking;
    if (options.profile != nullptr) {
      auto r = prepare(builder, *options.profile, options.scoring, options.feedback, options.models,
                       db, vectors);
      if (!r.ok()) return r.error();
      ranking = std::move(r).value();
    }
    if (!options.text.empty()) {
      auto q = builder.text_query(options.text);
      if (!q.ok()) return q.error();
      if (ranking) {
        // Both must match; the weights of both count (an OR evaluated unfiltered, see
        // docid_filter.h, restricted to papers matching each).
        ranking->built.required.push_back(q->query);
        ranking->built.required.push_back(ranking->built.query);
        ranking->query = Xapian::Query(Xapian::Query::OP_OR, q->query, ranking->query);
        ranking->built.units.insert(ranking->built.units.begin(), q->units.begin(), q->units.end());
      } else {
        ranking = Ranking{std::move(q).value(), std::make_shared<const FeedbackModel>(), {}, {}};
        ranking->query = ranking->built.query;
      }
    }
    DocidFilter filter;
    if (!options.from.empty() || !options.to.empty())
      filter.require(docids_with_any(db, day_terms_between(db, options.from, options.to)));
    if (!options.categories.empty()) {
      std::vector<std::string> terms;
      for (const auto& c : options.categories)
        terms.push_back(schema::prefixed(schema::kCategory, c));
      filter.require(docids_with_any(db, terms));
    }
    if (ranking) require_all(filter, db, ranking->built.required);
    // Dismissed papers are left out of the match itself, so the total and the facets agree with
    // the pages a client walks through.
    if (ranking && !ranking->model->dismissed_docids().empty())
      filter.exclude(ranking->model->dismissed_docids());
    Xapian::Enquire enquire(db);
    set_weighting(enquire, options.scoring);
    enquire.set_query(ranking ? ranking->query : Xapian::Query::MatchAll);
    if (options.spy != nullptr) enquire.add_matchspy(options.spy);
    if (!ranking) {
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_sort_by_value(schema::kSlotDay, true);
    }
    const bool rerank = ranking && (ranking->model->trained() || !ranking->interest.empty());
    const auto wanted = static_cast<Xapian::doccount>(options.offset + options.limit);
    Xapian::MSet mset = enquire.get_mset(
        rerank ? 0 : static_cast<Xapian::doccount>(options.offset),
        rerank ? std::max(kRerankDepth, wanted) : static_cast<Xapian::doccount>(options.limit),
        db.get_doccount(), nullptr, filter.empty() ? nullptr : &filter);
    SearchResults results;
    results.total = mset.get_matches_estimated();
    std::vector<Scored> scored;
    if (rerank) {
      scored = rescore(mset, *ranking, vectors);
      scored.erase(scored.begin(), scored.begin() + std::min(scored.size(), options.offset));
      if (scored.size() > options.limit) scored.resize(options.limit);
    } else {
      for (auto it = mset.begin(); it != mset.end(); ++it)
        scored.push_back({*it, ranking ? it.get_weight() : 0, 0, 0});
    }
    auto ranked = to_ranked(db, scored, ranking ? &*ranking : nullptr, vectors, "");
    if (!ranked.ok()) return ranked.error();
    results.papers = std::move(ranked).value();
    return results;
  });
}

}  // namespace arxiv
