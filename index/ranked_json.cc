#include "index/ranked_json.h"

#include <cmath>

namespace arxiv {

nlohmann::json ranked_paper_json(const RankedPaper& r) {
  return {{"id", r.paper.id},
          {"version", r.paper.version},
          {"title", r.paper.title},
          {"authors", r.paper.authors},
          {"categories", r.paper.categories},
          {"announce_type", r.announce_type},
          // Four decimals are plenty to order by and keep output stable across platforms.
          {"score", std::round(r.score * 1e4) / 1e4},
          {"matched", r.matched}};
}

nlohmann::json digest_json(const Digest& digest) {
  nlohmann::json profiles = nlohmann::json::array();
  for (const auto& p : digest.profiles) {
    nlohmann::json papers = nlohmann::json::array();
    for (const auto& r : p.papers) papers.push_back(ranked_paper_json(r));
    profiles.push_back({{"name", p.name}, {"papers", std::move(papers)}});
  }
  return {{"date", digest.day}, {"announced", digest.announced}, {"profiles", std::move(profiles)}};
}

nlohmann::json search_json(const SearchResults& results) {
  nlohmann::json papers = nlohmann::json::array();
  for (const auto& r : results.papers) papers.push_back(ranked_paper_json(r));
  return {{"total", results.total}, {"papers", std::move(papers)}};
}

}  // namespace arxiv
