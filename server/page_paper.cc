// The paper page: one paper in full, its versions, where it stood in the digests of its newest
// listing day, and the papers most like it.
#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/similar.h"
#include "server/pages.h"

namespace arxiv::pages {

namespace {

constexpr size_t kSimilarShown = 8;

nlohmann::json versions_view(const Paper& paper) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : paper.announcements)
    out.push_back({{"day", a.day},
                   {"type", announce_type_name(a.type)},
                   {"version", a.version > 0 ? "v" + std::to_string(a.version) : ""},
                   {"digest_url", link("/", {{"date", a.day}})}});
  return out;
}

// Cheap enough for a page view: one digest (the models are cached) of the day the paper was
// last listed, where the researcher would have met it.
Result<nlohmann::json> listings_view(PaperReader& reader, ServerContext& ctx, const Paper& paper) {
  nlohmann::json out = nlohmann::json::array();
  if (paper.announcements.empty()) return out;
  auto profiles = load_or_create_profiles(ctx.config.data_dir);
  if (!profiles.ok()) return profiles.error();
  auto feedback = stored_feedback(ctx.config.data_dir);
  if (!feedback.ok()) return feedback.error();
  DigestOptions options;
  options.day = paper.announcements.back().day;
  options.feedback = &feedback.value();
  options.models = &ctx.models;
  auto digest = build_digest(reader, profiles.value(), options);
  if (!digest.ok()) return digest.error();
  std::vector<std::string> names;
  for (const auto& p : profiles.value()) names.push_back(p.name);
  auto states = load_paper_states(ctx.config.data_dir, names);
  if (!states.ok()) return states.error();
  for (const auto& pd : digest->profiles) {
    for (size_t rank = 0; rank < pd.papers.size(); ++rank) {
      if (pd.papers[rank].paper.id != paper.id) continue;
      const auto& profile_states = states.value()[pd.name];
      auto it = profile_states.find(paper.id);
      nlohmann::json view = ranked_view(pd.papers[rank], pd.name,
                                        it == profile_states.end() ? PaperState{} : it->second);
      view["profile_name"] = pd.name;
      view["profile_url"] = "/profiles/" + pd.name;
      view["profile_title"] = pd.title.empty() ? pd.name : pd.title;
      view["rank"] = rank + 1;
      view["day"] = options.day;
      out.push_back(std::move(view));
    }
  }
  return out;
}

}  // namespace

void paper_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const ServerConfig& config = ctx.config;
  auto id = parse_arxiv_id(req.matches[1].str());
  if (!id.ok()) return send_error_page(res, ctx, id.error());
  auto reader = PaperReader::open(config.data_dir);
  if (!reader.ok()) return send_error_page(res, ctx, reader.error());
  auto paper = reader.value()->paper(id->base);
  if (!paper.ok()) return send_error_page(res, ctx, paper.error());
  const Paper& p = paper.value();
  SimilarOptions similar_options;
  similar_options.limit = kSimilarShown;
  auto similar = similar_papers(*reader.value(), p.id, similar_options);
  if (!similar.ok()) return send_error_page(res, ctx, similar.error());
  auto listings = listings_view(*reader.value(), ctx, p);
  if (!listings.ok()) return send_error_page(res, ctx, listings.error());

  nlohmann::json view =
      paper_view(p, p.announcements.empty() ? "" : announce_type_name(p.announcements.back().type));
  std::string authors;
  for (size_t i = 0; i < p.authors.size(); ++i) authors += (i ? ", " : "") + p.authors[i];
  view["authors"] = authors;
  view["comments"] = p.comments;
  view["journal_ref"] = p.journal_ref;
  view["doi"] = p.doi.empty() ? nlohmann::json(false)
                              : nlohmann::json{{"doi", p.doi}, {"url", "https://doi.org/" + p.doi}};
  view["submitted"] = p.submitted;
  view["updated"] = p.updated;
  view["versions"] = versions_view(p);
  view["has_listings"] = !listings->empty();
  view["listings"] = std::move(listings).value();
  nlohmann::json similar_view = nlohmann::json::array();
  for (const auto& r : similar->papers) {
    nlohmann::json item = paper_view(r.paper, r.announce_type);
    std::string shared;
    for (size_t i = 0; i < r.matched.size(); ++i) shared += (i ? ", " : "") + r.matched[i];
    item["shared"] = shared;
    similar_view.push_back(std::move(item));
  }
  view["similar"] = similar_view;
  std::string terms;
  for (size_t i = 0; i < similar->terms.size() && i < 10; ++i)
    terms += (i ? ", " : "") + similar->terms[i];
  view["terms"] = terms;
  send_page(res, ctx, 200, "paper", p.title, {{"paper", view}});
}

}  // namespace arxiv::pages
