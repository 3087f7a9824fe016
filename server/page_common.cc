#include <date/date.h>

#include <cctype>
#include <cstdio>

#include "fetcher/clock.h"
#include "index/feedback_store.h"
#include "index/full_paper_json.h"
#include "server/http_util.h"
#include "server/pages.h"
#include "server/templates.h"

namespace arxiv::pages {

namespace {

// Long collaborations list hundreds of authors; a digest card names the first ones.
constexpr size_t kAuthorsShown = 12;

std::string kind_of(const std::string& announce_type) {
  if (announce_type == "new" || announce_type == "cross") return announce_type;
  if (announce_type == "replace" || announce_type == "replace-cross") return "updated";
  return "other";
}

std::string kind_label(const std::string& kind) {
  if (kind == "cross") return "cross-list";
  if (kind == "other") return "listed";
  return kind;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string field_label(const std::string& field) {
  if (field == "title") return "in the title";
  if (field == "abstract") return "in the abstract";
  if (field == "author") return "author";
  return "";
}

// Unreserved characters (RFC 3986) stay; every other byte is %XX.
std::string percent_encode(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

const char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

void set_page_headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  // Links lead to arxiv.org; the page's address (with its search terms) stays here.
  res.set_header("Referrer-Policy", "same-origin");
  // Pages show the researcher's latest likes; never serve a stale one from a cache.
  res.set_header("Cache-Control", "no-cache");
}

void send_page(httplib::Response& res, const ServerContext& ctx, int status,
               const std::string& name, const std::string& title, nlohmann::json view) {
  view["title"] = title;
  view["page"] = name;
  view[name.rfind("profile", 0) == 0 ? "nav_profiles" : "nav_" + name] = true;
  auto html = ctx.templates.ok() ? ctx.templates->render(name, view)
                                 : Result<std::string>(ctx.templates.error());
  set_page_headers(res);
  if (!html.ok()) {
    res.status = 500;
    res.set_content("the page could not be rendered: " + html.error().message,
                    "text/plain; charset=utf-8");
    return;
  }
  res.status = status;
  res.set_content(std::move(html).value(), "text/html; charset=utf-8");
}

void send_error_page(httplib::Response& res, const ServerContext& ctx, int status,
                     const std::string& message) {
  const std::string heading = status == 404   ? "Not found"
                              : status == 400 ? "That request is not valid"
                              : status == 401 ? "Sign in needed"
                                              : "Something went wrong";
  send_page(res, ctx, status, "error", heading,
            {{"status", std::to_string(status)}, {"heading", heading}, {"message", message}});
}

void send_error_page(httplib::Response& res, const ServerContext& ctx, const Error& error) {
  send_error_page(res, ctx, http_status_for(error.code), error.message);
}

Result<PaperStates> load_paper_states(const std::filesystem::path& data_dir,
                                      const std::vector<std::string>& profiles) {
  PaperStates out;
  if (!std::filesystem::exists(feedback_path(data_dir))) return out;
  SystemClock clock;
  auto store = FeedbackStore::open(data_dir, clock);
  if (!store.ok()) return store.error();
  for (const auto& profile : profiles) {
    auto judgments = store->list(profile);
    if (!judgments.ok()) return judgments.error();
    auto& states = out[profile];
    for (const auto& j : judgments.value()) {
      PaperState& s = states[j.id];
      s.verdict = j.grade == Grade::kLike ? "like" : j.grade == Grade::kDismiss ? "dismiss" : "";
      s.saved = j.saved;
    }
  }
  return out;
}

nlohmann::json paper_view(const Paper& paper, const std::string& announce_type) {
  std::string authors;
  for (size_t i = 0; i < paper.authors.size() && i < kAuthorsShown; ++i)
    authors += (i ? ", " : "") + paper.authors[i];
  if (paper.authors.size() > kAuthorsShown)
    authors += " et al. (" + std::to_string(paper.authors.size()) + " authors)";
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& c : paper.categories) categories.push_back({{"name", c}});
  const std::string kind = kind_of(announce_type);
  const std::string version = paper.version > 0 ? "v" + std::to_string(paper.version) : "";
  return {{"id", paper.id},
          {"version", version},
          {"url", "/paper/" + paper.id},
          {"abs_url", abs_url(paper)},
          {"pdf_url", pdf_url(paper)},
          {"title", paper.title},
          {"authors", authors},
          {"categories", categories},
          {"primary", paper.categories.empty() ? "" : paper.categories.front()},
          {"announce_type", announce_type},
          {"kind", kind},
          {"kind_label", kind_label(kind)},
          {"announced", paper.announced()},
          {"abstract", paper.abstract},
          {"ranked", false},
          {"why", false},
          {"judge", false}};
}

nlohmann::json ranked_view(const RankedPaper& ranked, const std::string& profile,
                           const PaperState& state) {
  nlohmann::json view = paper_view(ranked.paper, ranked.announce_type);
  view["ranked"] = true;
  view["score"] = fixed(ranked.score, 2);
  nlohmann::json terms = nlohmann::json::array(), learned = nlohmann::json::array();
  for (const auto& t : ranked.why.terms)
    terms.push_back({{"term", t.term}, {"field", t.field}, {"where", field_label(t.field)}});
  for (const auto& t : ranked.why.learned) learned.push_back({{"label", t.label}});
  nlohmann::json liked = false;
  if (const auto& n = ranked.why.nearest_liked)
    liked = {{"id", n->id},
             {"title", n->title},
             {"url", "/paper/" + n->id},
             {"similarity", fixed(n->similarity, 2)}};
  // A paper no term, like or learned word explains ranked on its likeness to the description.
  const bool described =
      terms.empty() && learned.empty() && !liked.is_object() && ranked.why.interest_score > 0;
  if (!terms.empty() || !learned.empty() || liked.is_object() || !ranked.profiles.empty() ||
      described)
    view["why"] = {{"terms", terms},        {"has_terms", !terms.empty()},
                   {"learned", learned},    {"has_learned", !learned.empty()},
                   {"liked", liked},        {"profiles", ranked.profiles},
                   {"described", described}};
  if (!profile.empty())
    view["judge"] = {{"profile", profile},
                     {"verdict", state.verdict},
                     {"liked", state.verdict == "like"},
                     {"dismissed", state.verdict == "dismiss"},
                     {"saved", state.saved}};
  return view;
}

std::string weekday_name(const std::string& day) {
  static const char* const kNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
  unsigned y = 0, m = 0, d = 0;
  char tail = 0;
  if (day.size() != 10 || std::sscanf(day.c_str(), "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return "";
  const date::year_month_day ymd{date::year{static_cast<int>(y)}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return "";
  return kNames[date::weekday(date::sys_days(ymd)).c_encoding()];
}

std::string link(const std::string& path,
                 const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out = path;
  char sep = '?';
  for (const auto& [key, value] : params) {
    if (value.empty()) continue;
    out += sep + key + "=" + percent_encode(value);
    sep = '&';
  }
  return out;
}

}  // namespace arxiv::pages
