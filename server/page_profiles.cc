// The profile pages: the list of profiles, and the editor of one (saved through the REST API by
// app.js) with the terms its likes suggest.
#include <algorithm>
#include <cstdio>

#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/suggestions.h"
#include "server/pages.h"

namespace arxiv::pages {

namespace {

constexpr size_t kSuggestions = 12;

bool is_profile_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && name.front() != '-' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

std::string lines(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

nlohmann::json editor_view(const Profile& p, bool create) {
  char min_score[32];
  std::snprintf(min_score, sizeof min_score, "%g", p.min_score);
  return {{"name", p.name},
          {"title", p.title},
          {"description", p.description},
          {"query", p.query},
          {"must_have", lines(p.must_have, "\n")},
          {"must_not", lines(p.must_not, "\n")},
          {"categories", lines(p.categories, " ")},
          {"categories_only", p.categories_only},
          {"authors", lines(p.authors, "\n")},
          {"limit", std::to_string(p.limit)},
          {"min_score", min_score},
          {"create", create},
          {"digest_url", link("/", {{"profile", p.name}})},
          {"search_url", link("/search", {{"profile", p.name}})}};
}

// Terms the profile's likes suggest; none without likes (or without an index yet).
Result<nlohmann::json> suggestions_view(const ServerConfig& config, const Profile& profile,
                                        const ProfileFeedback& feedback) {
  nlohmann::json out = nlohmann::json::array();
  if (feedback.liked.empty()) return out;
  auto reader = PaperReader::open(config.data_dir);
  if (!reader.ok()) return reader.error();
  auto terms = suggest_terms(*reader.value(), profile, feedback, kSuggestions);
  if (!terms.ok()) return terms.error();
  for (const auto& t : terms.value()) out.push_back({{"term", t.label}});
  return out;
}

}  // namespace

void profiles_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const ServerConfig& config = ctx.config;
  if (req.has_param("new")) {
    const std::string name = req.get_param_value("new");
    if (!is_profile_name(name))
      return send_error_page(
          res, ctx, 400,
          "a profile name is lowercase letters, digits and '-' (got '" + name + "')");
    Profile fresh;
    fresh.name = name;
    return send_page(res, ctx, 200, "profile", "New profile " + name,
                     {{"profile", editor_view(fresh, true)}, {"suggestions", false}});
  }
  auto profiles = load_or_create_profiles(config.data_dir);
  if (!profiles.ok()) return send_error_page(res, ctx, profiles.error());
  auto feedback = stored_feedback(config.data_dir);
  if (!feedback.ok()) return send_error_page(res, ctx, feedback.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : profiles.value()) {
    auto it = feedback->find(p.name);
    items.push_back({{"name", p.name},
                     {"title", p.title.empty() ? p.name : p.title},
                     {"description", p.description},
                     {"query", p.query},
                     {"likes", it == feedback->end() ? 0 : it->second.liked.size()},
                     {"dismissals", it == feedback->end() ? 0 : it->second.dismissed.size()},
                     {"url", "/profiles/" + p.name},
                     {"digest_url", link("/", {{"profile", p.name}})}});
  }
  send_page(res, ctx, 200, "profiles", "Profiles", {{"profiles", items}});
}

void profile_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const ServerConfig& config = ctx.config;
  const std::string name = req.matches[1].str();
  auto profiles = load_or_create_profiles(config.data_dir);
  if (!profiles.ok()) return send_error_page(res, ctx, profiles.error());
  auto found = find_profile(profiles.value(), name);
  if (!found.ok()) return send_error_page(res, ctx, 404, found.error().message);
  auto feedback = stored_feedback(config.data_dir);
  if (!feedback.ok()) return send_error_page(res, ctx, feedback.error());
  auto it = feedback->find(name);
  const ProfileFeedback none;
  const ProfileFeedback& mine = it == feedback->end() ? none : it->second;
  auto suggestions = suggestions_view(config, *found.value(), mine);
  if (!suggestions.ok()) return send_error_page(res, ctx, suggestions.error());
  nlohmann::json view = {{"profile", editor_view(*found.value(), false)},
                         {"likes", mine.liked.size()},
                         {"dismissals", mine.dismissed.size()},
                         {"suggestions", std::move(suggestions).value()}};
  send_page(res, ctx, 200, "profile", "Profile " + name, std::move(view));
}

}  // namespace arxiv::pages
