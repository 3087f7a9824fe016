#include "index/ranked_json.h"

#include <cmath>

namespace arxiv {

namespace {

// Four decimals are plenty to order by and keep output stable across platforms.
double rounded(double x) { return std::round(x * 1e4) / 1e4; }

nlohmann::json why_json(const Why& why) {
  nlohmann::json terms = nlohmann::json::array();
  for (const auto& t : why.terms) terms.push_back({{"term", t.term}, {"field", t.field}});
  nlohmann::json learned = nlohmann::json::array();
  for (const auto& t : why.learned)
    learned.push_back({{"term", t.label}, {"weight", rounded(t.weight)}});
  nlohmann::json nearest = nullptr;
  if (why.nearest_liked)
    nearest = {{"id", why.nearest_liked->id},
               {"title", why.nearest_liked->title},
               {"similarity", rounded(why.nearest_liked->similarity)}};
  return {{"terms", std::move(terms)},
          {"learned", std::move(learned)},
          {"nearest_liked", std::move(nearest)},
          {"scores",
           {{"profile", rounded(why.profile_score)},
            {"interest", rounded(why.interest_score)},
            {"feedback", rounded(why.feedback_score)}}}};
}

}  // namespace

nlohmann::json ranked_paper_json(const RankedPaper& r) {
  nlohmann::json out = {{"id", r.paper.id},
                        {"version", r.paper.version},
                        {"title", r.paper.title},
                        {"authors", r.paper.authors},
                        {"categories", r.paper.categories},
                        {"announce_type", r.announce_type},
                        {"score", rounded(r.score)},
                        {"matched", r.matched},
                        {"why", why_json(r.why)}};
  if (!r.profiles.empty()) out["profiles"] = r.profiles;
  return out;
}

nlohmann::json digest_json(const Digest& digest) {
  nlohmann::json profiles = nlohmann::json::array();
  for (const auto& p : digest.profiles) {
    nlohmann::json papers = nlohmann::json::array();
    for (const auto& r : p.papers) papers.push_back(ranked_paper_json(r));
    profiles.push_back({{"name", p.name}, {"papers", std::move(papers)}});
  }
  nlohmann::json all = nlohmann::json::array();
  for (const auto& r : digest.all) all.push_back(ranked_paper_json(r));
  return {{"date", digest.day},
          {"announced", digest.announced},
          {"profiles", std::move(profiles)},
          {"all", std::move(all)}};
}

nlohmann::json search_json(const SearchResults& results) {
  nlohmann::json papers = nlohmann::json::array();
  for (const auto& r : results.papers) papers.push_back(ranked_paper_json(r));
  return {{"total", results.total}, {"papers", std::move(papers)}};
}

}  // namespace arxiv
