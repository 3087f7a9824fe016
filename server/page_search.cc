// The search page: the search form with its filters, and a page of ranked results.
#include <algorithm>
#include <cctype>

#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "server/http_util.h"
#include "server/pages.h"

namespace arxiv::pages {

namespace {

constexpr int kPerPage = 20;
constexpr int kMaxPage = 500;

bool is_category(const std::string& text) {
  return !text.empty() && text.size() <= 32 && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  });
}

struct Form {
  std::string q, profile, from, to, cat;
  int page = 1;

  std::vector<std::pair<std::string, std::string>> params(int at_page) const {
    return {{"q", q},   {"profile", profile}, {"from", from},
            {"to", to}, {"cat", cat},         {"page", at_page > 1 ? std::to_string(at_page) : ""}};
  }
};

Result<Form> read_form(const httplib::Request& req) {
  Form f;
  f.q = req.get_param_value("q");
  f.profile = req.get_param_value("profile");
  f.cat = req.get_param_value("cat");
  for (auto [name, out] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    auto day = date_param(req, name);
    if (!day.ok()) return day.error();
    *out = day.value();
  }
  if (!f.from.empty() && !f.to.empty() && f.to < f.from)
    return Error::invalid_input("'to' (" + f.to + ") is before 'from' (" + f.from + ")");
  auto page = int_param(req, "page", 1, 1, kMaxPage);
  if (!page.ok()) return page.error();
  f.page = page.value();
  if (!f.cat.empty() && !is_category(f.cat))
    return Error::invalid_input("'cat' must be an arXiv category such as cs.LG (got '" + f.cat +
                                "')");
  return f;
}

}  // namespace

void search_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const ServerConfig& config = ctx.config;
  auto form = read_form(req);
  if (!form.ok()) return send_error_page(res, ctx, form.error());
  const Form& f = form.value();
  auto profiles = load_or_create_profiles(config.data_dir);
  if (!profiles.ok()) return send_error_page(res, ctx, profiles.error());
  nlohmann::json choices = nlohmann::json::array();
  for (const auto& p : profiles.value())
    choices.push_back({{"name", p.name},
                       {"label", p.title.empty() ? p.name : p.title},
                       {"selected", p.name == f.profile}});
  nlohmann::json view = {{"q", f.q},     {"from", f.from},      {"to", f.to},
                         {"cat", f.cat}, {"profiles", choices}, {"searched", false}};
  const bool asked =
      !f.q.empty() || !f.profile.empty() || !f.cat.empty() || !f.from.empty() || !f.to.empty();
  if (!asked) return send_page(res, ctx, 200, "search", "Search", std::move(view));

  const Profile* profile = nullptr;
  if (!f.profile.empty()) {
    auto found = find_profile(profiles.value(), f.profile);
    if (!found.ok()) return send_error_page(res, ctx, found.error());
    profile = found.value();
  }
  auto feedback = stored_feedback(config.data_dir);
  if (!feedback.ok()) return send_error_page(res, ctx, feedback.error());
  auto reader = PaperReader::open(config.data_dir);
  if (!reader.ok()) return send_error_page(res, ctx, reader.error());
  SearchOptions search;
  search.text = f.q;
  if (!f.cat.empty()) search.categories = {f.cat};
  search.profile = profile;
  search.from = f.from;
  search.to = f.to;
  search.limit = kPerPage;
  search.offset = static_cast<size_t>(f.page - 1) * kPerPage;
  search.models = &ctx.models;
  auto it = feedback->find(f.profile);
  if (profile != nullptr && it != feedback->end()) search.feedback = &it->second;
  auto results = search_papers(*reader.value(), search);
  if (!results.ok()) return send_error_page(res, ctx, results.error());
  auto states = f.profile.empty() ? Result<PaperStates>(PaperStates{})
                                  : load_paper_states(config.data_dir, {f.profile});
  if (!states.ok()) return send_error_page(res, ctx, states.error());

  nlohmann::json papers = nlohmann::json::array();
  const auto& profile_states = states.value()[f.profile];
  for (const auto& r : results->papers) {
    auto state = profile_states.find(r.paper.id);
    papers.push_back(
        ranked_view(r, f.profile, state == profile_states.end() ? PaperState{} : state->second));
  }
  const size_t first = search.offset + 1;
  view["searched"] = true;
  view["total"] = results->total;
  view["first"] = results->papers.empty() ? nlohmann::json(false) : nlohmann::json(first);
  view["last"] = search.offset + results->papers.size();
  view["papers"] = papers;
  view["prev"] = f.page > 1 ? nlohmann::json{{"url", link("/search", f.params(f.page - 1))}}
                            : nlohmann::json(false);
  const bool more = search.offset + results->papers.size() < results->total &&
                    results->papers.size() == static_cast<size_t>(kPerPage) && f.page < kMaxPage;
  view["next"] =
      more ? nlohmann::json{{"url", link("/search", f.params(f.page + 1))}} : nlohmann::json(false);
  view["page_number"] = f.page;
  send_page(res, ctx, 200, "search", "Search: " + f.q, std::move(view));
}

}  // namespace arxiv::pages
