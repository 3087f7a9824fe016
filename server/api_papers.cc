// /api/v1/papers (search with facets and paging) and /api/v1/papers/{id} (one paper with its
// versions and similar papers), as JSON or, on request, BibTeX.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "fetcher/text.h"
#include "index/facets.h"
#include "index/feedback_store.h"
#include "index/full_paper_json.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/ranker.h"
#include "index/similar.h"
#include "server/bibtex.h"
#include "server/http_util.h"
#include "server/routes.h"

namespace arxiv {

namespace {

using nlohmann::json;

constexpr int kDefaultPerPage = 20;
constexpr int kMaxPerPage = 100;
// Far beyond any index, and small enough that page * per_page cannot overflow.
constexpr int kMaxPage = 100000;
constexpr size_t kMaxQueryLength = 1000;
constexpr size_t kSimilarShown = 5;
constexpr char kBibtexType[] = "text/x-bibtex; charset=utf-8";

struct ListQuery {
  std::string q, profile, from, to;
  std::vector<std::string> categories;
  int page = 1;
  int per_page = kDefaultPerPage;
};

// ?format= wins over the Accept header, so a link can ask for BibTeX.
Result<bool> wants_bibtex(const httplib::Request& req) {
  if (req.has_param("format")) {
    const std::string format = req.get_param_value("format");
    if (format == "bibtex") return true;
    if (format == "json") return false;
    return Error::invalid_input("'format' must be json or bibtex (got '" + format + "')");
  }
  const std::string accept = req.get_header_value("Accept");
  return accept.find("application/x-bibtex") != std::string::npos ||
         accept.find("text/x-bibtex") != std::string::npos;
}

// arXiv's category names: an archive ("hep-th") and maybe a subject class ("cs.LG",
// "cond-mat.stat-mech").
bool is_category(const std::string& text) {
  const size_t dot = text.find('.');
  auto part_ok = [](std::string_view part, bool archive) {
    return !part.empty() && part.size() <= 24 && std::all_of(part.begin(), part.end(), [&](char c) {
      return c == '-' || (archive ? std::islower(static_cast<unsigned char>(c)) != 0
                                  : std::isalpha(static_cast<unsigned char>(c)) != 0);
    });
  };
  const std::string_view view(text);
  if (dot == std::string::npos) return part_ok(view, true);
  return part_ok(view.substr(0, dot), true) && part_ok(view.substr(dot + 1), false);
}

// Every ?cat= value, each possibly a comma list, without repeats.
Result<std::vector<std::string>> category_params(const httplib::Request& req) {
  std::vector<std::string> out;
  for (size_t i = 0; i < req.get_param_value_count("cat"); ++i) {
    const std::string value = req.get_param_value("cat", i);
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      const std::string name = normalize_whitespace(value.substr(start, comma - start));
      start = comma + 1;
      if (name.empty()) continue;
      if (!is_category(name))
        return Error::invalid_input("'cat' must be arXiv categories such as cs.LG (got '" +
                                    name.substr(0, 80) + "')");
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
  }
  return out;
}

Result<ListQuery> parse_list_query(const httplib::Request& req) {
  ListQuery q;
  q.q = normalize_whitespace(req.get_param_value("q"));
  q.profile = req.get_param_value("profile");
  if (q.q.size() > kMaxQueryLength)
    return Error::invalid_input("'q' is longer than " + std::to_string(kMaxQueryLength) +
                                " characters");
  if (q.q.empty() && q.profile.empty())
    return Error::invalid_input("give 'q' (search text), 'profile' (rank by a profile) or both");
  for (auto [name, field] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    auto day = date_param(req, name);
    if (!day.ok()) return day.error();
    *field = std::move(day).value();
  }
  auto categories = category_params(req);
  if (!categories.ok()) return categories.error();
  q.categories = std::move(categories).value();
  auto page = int_param(req, "page", 1, 1, kMaxPage);
  if (!page.ok()) return page.error();
  q.page = page.value();
  auto per_page = int_param(req, "per_page", kDefaultPerPage, 1, kMaxPerPage);
  if (!per_page.ok()) return per_page.error();
  q.per_page = per_page.value();
  return q;
}

std::string percent_encoded(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// The same search on another page, as a path a client can GET.
std::string page_link(const ListQuery& q, int page) {
  std::string cats;
  for (const auto& c : q.categories) cats += (cats.empty() ? "" : ",") + c;
  std::string url = "/api/v1/papers?";
  for (const auto& [name, value] : {std::pair{"q", q.q},
                                    {"profile", q.profile},
                                    {"from", q.from},
                                    {"to", q.to},
                                    {"cat", cats}}) {
    if (!value.empty()) url += std::string(name) + "=" + percent_encoded(value) + "&";
  }
  return url + "page=" + std::to_string(page) + "&per_page=" + std::to_string(q.per_page);
}

// Four decimals, as ranked_paper_json() gives scores.
double rounded(double x) { return std::round(x * 1e4) / 1e4; }

json facet_list(const std::vector<FacetCount>& counts) {
  json out = json::array();
  for (const auto& c : counts) out.push_back({{"name", c.name}, {"count", c.count}});
  return out;
}

json links_json(const ListQuery& q, size_t total) {
  const size_t shown = static_cast<size_t>(q.page) * static_cast<size_t>(q.per_page);
  const int last = std::max<int>(1, static_cast<int>((total + q.per_page - 1) / q.per_page));
  return {{"self", page_link(q, q.page)},
          {"next", shown < total ? json(page_link(q, q.page + 1)) : json(nullptr)},
          {"prev", q.page > 1 ? json(page_link(q, std::min(q.page - 1, last))) : json(nullptr)}};
}

void send_bibtex(httplib::Response& res, const std::string& text) {
  res.status = 200;
  res.set_content(text, kBibtexType);
}

// What a JSON search answer depends on besides the sources: the parsed query, so spellings of
// the same search share an answer.
std::string answer_key(const ListQuery& q) {
  std::string key = q.q + '\n' + q.profile + '\n' + q.from + '\n' + q.to + '\n';
  for (const auto& c : q.categories) key += c + ',';
  return key + '\n' + std::to_string(q.page) + '\n' + std::to_string(q.per_page);
}

void list_papers(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  res.set_header("Vary", "Accept");
  auto bibtex = wants_bibtex(req);
  if (!bibtex.ok()) return send_error(res, bibtex.error());
  auto query = parse_list_query(req);
  if (!query.ok()) return send_error(res, query.error());
  const ListQuery& q = query.value();
  // The same search is asked again and again (a reload, paging back, a script); its answer is
  // kept per state of the index, feedback and profiles, as digests are (digest_cache.h).
  std::optional<DigestCache::Sources> sources;
  DigestCache::Claim claim;
  if (ctx.config.cache_searches && !bibtex.value()) {
    auto read = ctx.digests.sources(ctx.config.data_dir);
    if (!read.ok()) return send_error(res, read.error());
    sources = std::move(read).value();
    if (auto body = ctx.searches.find_or_claim(answer_key(q), *sources, claim)) {
      res.status = 200;
      res.set_content(*body, "application/json");
      return;
    }
  }
  SearchOptions options;
  options.text = q.q;
  options.from = q.from;
  options.to = q.to;
  options.categories = q.categories;
  options.limit = static_cast<size_t>(q.per_page);
  options.offset = static_cast<size_t>(q.page - 1) * static_cast<size_t>(q.per_page);
  options.models = &ctx.models;
  std::vector<Profile> profiles;
  Feedback feedback;
  if (!q.profile.empty()) {
    auto loaded = load_or_create_profiles(ctx.config.data_dir);
    if (!loaded.ok()) return send_error(res, loaded.error());
    profiles = std::move(loaded).value();
    auto found = find_profile(profiles, q.profile);
    if (!found.ok()) return send_error(res, found.error());
    options.profile = found.value();
    auto stored = stored_feedback(ctx.config.data_dir);
    if (!stored.ok()) return send_error(res, stored.error());
    feedback = std::move(stored).value();
    if (auto it = feedback.find(q.profile); it != feedback.end()) options.feedback = &it->second;
  }
  auto reader = ctx.readers.borrow(ctx.config.data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  auto table = ctx.facets.of(*reader.value());
  if (!table.ok()) return send_error(res, table.error());
  FacetSpy facets(std::move(table).value());
  options.spy = &facets;
  auto results = search_papers(*reader.value(), options);
  if (!results.ok()) return send_error(res, results.error());
  if (bibtex.value()) {
    std::vector<Paper> papers;
    for (const auto& r : results->papers) papers.push_back(r.paper);
    return send_bibtex(res, bibtex_entries(papers));
  }
  json papers = json::array();
  for (const auto& r : results->papers) papers.push_back(full_paper_json(r));
  const Facets counted = facets.facets();
  send_json(res, 200,
            {{"total", results->total},
             {"page", q.page},
             {"per_page", q.per_page},
             {"papers", std::move(papers)},
             {"facets",
              {{"categories", facet_list(counted.categories)},
               {"days", facet_list(counted.days)},
               {"years", facet_list(counted.years)}}},
             {"links", links_json(q, results->total)}});
  if (sources) ctx.searches.put(answer_key(q), *sources, res.body);
}

void get_paper(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  res.set_header("Vary", "Accept");
  auto bibtex = wants_bibtex(req);
  if (!bibtex.ok()) return send_error(res, bibtex.error());
  auto id = parse_arxiv_id(req.matches[1].str());
  if (!id.ok()) return send_error(res, id.error());
  auto reader = PaperReader::open(ctx.config.data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  auto paper = reader.value()->paper(id->base);
  if (!paper.ok()) return send_error(res, paper.error());
  if (bibtex.value()) return send_bibtex(res, bibtex_entry(paper.value()));
  SimilarOptions options;
  options.limit = kSimilarShown;
  auto similar = similar_papers(*reader.value(), id->base, options);
  if (!similar.ok()) return send_error(res, similar.error());
  json similar_list = json::array();
  for (const auto& s : similar->papers)
    similar_list.push_back(
        {{"id", s.paper.id}, {"title", s.paper.title}, {"score", rounded(s.score)}});
  RankedPaper ranked;
  ranked.paper = std::move(paper).value();
  if (!ranked.paper.announcements.empty())
    ranked.announce_type = announce_type_name(ranked.paper.announcements.front().type);
  json out = full_paper_json(ranked);
  out["versions"] = versions_json(ranked.paper);
  out["similar"] = std::move(similar_list);
  send_json(res, 200, out);
}

}  // namespace

void add_paper_routes(httplib::Server& http, ServerContext& ctx) {
  http.Get("/api/v1/papers", [&ctx](const httplib::Request& req, httplib::Response& res) {
    list_papers(ctx, req, res);
  });
  // Old-style ids hold a slash ("hep-th/9901001"), so the id is the whole rest of the path.
  http.Get(R"(/api/v1/papers/(.+))", [&ctx](const httplib::Request& req, httplib::Response& res) {
    get_paper(ctx, req, res);
  });
}

}  // namespace arxiv
