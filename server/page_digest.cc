// The digest page: one announcement day ranked for every profile, with day navigation, the
// day's coverage and, for a day without papers, a message saying why.
#include <algorithm>

#include "index/day_summary.h"
#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "server/http_util.h"
#include "server/pages.h"

namespace arxiv::pages {

namespace {

nlohmann::json day_link(const std::string& day, const std::string& profile) {
  if (day.empty()) return false;
  return {{"day", day},
          {"weekday", weekday_name(day)},
          {"url", link("/", {{"date", day}, {"profile", profile}})}};
}

bool is_weekend(const std::string& day) {
  const std::string name = weekday_name(day);
  return name == "Saturday" || name == "Sunday";
}

// Why `day` shows no papers, in the words a researcher expects: arXiv announces nothing at
// weekends and on holidays; anything else is a listing this index does not have.
std::string no_papers_message(const std::string& day, bool listing_seen,
                              const std::string& newest) {
  const std::string when = weekday_name(day) + " " + day;
  if (listing_seen || is_weekend(day)) return "arXiv made no announcement on " + when;
  if (day > newest) return "No listing for " + when + " is in the index yet";
  return "The index holds no papers for " + when +
         " (a holiday, or a listing that was not fetched)";
}

nlohmann::json profile_links(const std::vector<Profile>& profiles, const std::string& day,
                             const std::string& current) {
  nlohmann::json out = nlohmann::json::array();
  out.push_back({{"name", "all"},
                 {"label", "All profiles"},
                 {"url", link("/", {{"date", day}})},
                 {"current", current.empty()}});
  for (const auto& p : profiles)
    out.push_back({{"name", p.name},
                   {"label", p.title.empty() ? p.name : p.title},
                   {"url", link("/", {{"date", day}, {"profile", p.name}})},
                   {"current", p.name == current}});
  return out;
}

Status add_ranking(PaperReader& reader, ServerContext& ctx, const std::vector<Profile>& profiles,
                   const std::string& day, const std::string& only, nlohmann::json& view) {
  auto feedback = stored_feedback(ctx.config.data_dir);
  if (!feedback.ok()) return feedback.error();
  DigestOptions options;
  options.day = day;
  options.profile = only;
  options.feedback = &feedback.value();
  options.models = &ctx.models;
  auto digest = build_digest(reader, profiles, options);
  if (!digest.ok()) return digest.error();
  auto summary = summarize_day(reader, day);
  if (!summary.ok()) return summary.error();
  std::vector<std::string> names;
  for (const auto& pd : digest->profiles) names.push_back(pd.name);
  auto states = load_paper_states(ctx.config.data_dir, names);
  if (!states.ok()) return states.error();

  view["coverage"] = {{"total", summary->total},
                      {"new", summary->new_papers},
                      {"cross", summary->cross},
                      {"updated", summary->updated},
                      {"matched", digest->all.size()}};
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& pd : digest->profiles) {
    auto profile = find_profile(profiles, pd.name);
    nlohmann::json papers = nlohmann::json::array();
    const auto& profile_states = states.value()[pd.name];
    for (const auto& r : pd.papers) {
      auto it = profile_states.find(r.paper.id);
      papers.push_back(
          ranked_view(r, pd.name, it == profile_states.end() ? PaperState{} : it->second));
    }
    sections.push_back({{"name", pd.name},
                        {"title", pd.title.empty() ? pd.name : pd.title},
                        {"description", profile.ok() ? profile.value()->description : ""},
                        {"edit_url", "/profiles/" + pd.name},
                        {"shown", pd.papers.size()},
                        {"matches", pd.matches},
                        {"papers", papers}});
  }
  view["sections"] = sections;
  return {};
}

}  // namespace

void digest_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const ServerConfig& config = ctx.config;
  auto asked = date_param(req, "date");
  if (!asked.ok()) return send_error_page(res, ctx, asked.error());
  const std::string only = req.get_param_value("profile");
  auto profiles = load_or_create_profiles(config.data_dir);
  if (!profiles.ok()) return send_error_page(res, ctx, profiles.error());
  if (!only.empty()) {
    auto found = find_profile(profiles.value(), only);
    if (!found.ok()) return send_error_page(res, ctx, found.error());
  }
  // A fresh install has no index (or an empty one) yet: say what to do, not "not found".
  auto reader = PaperReader::open(config.data_dir);
  if (!reader.ok() && reader.error().code != ErrorCode::kNotFound)
    return send_error_page(res, ctx, reader.error());
  auto days =
      reader.ok() ? reader.value()->days() : Result<std::vector<DayCount>>(std::vector<DayCount>{});
  if (!days.ok()) return send_error_page(res, ctx, days.error());
  if (days->empty())
    return send_page(res, ctx, 200, "digest", "Digest",
                     {{"empty_index",
                       "The index holds no papers yet: run 'arxiv-triage import "
                       "PATH' or 'arxiv-triage fetch', then reload."}});
  const std::string day = asked->empty() ? days->back().day : asked.value();
  std::string prev, next;
  for (const auto& d : days.value()) {
    if (d.day < day) prev = d.day;
    if (d.day > day && next.empty()) next = d.day;
  }
  nlohmann::json view = {{"day", day},
                         {"weekday", weekday_name(day)},
                         {"prev", day_link(prev, only)},
                         {"next", day_link(next, only)},
                         {"oldest", days->front().day},
                         {"newest", days->back().day},
                         {"profile", only},
                         {"profile_links", profile_links(profiles.value(), day, only)}};
  auto papers = reader.value()->papers_on(day);
  if (!papers.ok()) return send_error_page(res, ctx, papers.error());
  if (papers.value() == 0) {
    auto seen = reader.value()->listing_seen(day);
    if (!seen.ok()) return send_error_page(res, ctx, seen.error());
    view["no_announcement"] = no_papers_message(day, seen.value(), days->back().day);
    return send_page(res, ctx, 200, "digest", "No announcement on " + day, std::move(view));
  }
  auto ranked = add_ranking(*reader.value(), ctx, profiles.value(), day, only, view);
  if (!ranked.ok()) return send_error_page(res, ctx, ranked.error());
  send_page(res, ctx, 200, "digest", "Digest for " + weekday_name(day) + " " + day,
            std::move(view));
}

}  // namespace arxiv::pages
