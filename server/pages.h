// The web pages (server/page_*.cc): server-rendered HTML from the mustache templates of
// <web_dir>/templates over the index, and the helpers they share. Each handler reads the index,
// profiles and feedback itself (one reader per request) and answers HTML: the page, or an error
// page with the status of the failure (400 bad parameter, 404 unknown paper or profile, 5xx).
// Every HTML response carries the security headers below. Handlers never throw.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"
#include "index/ranker.h"
#include "server/server_context.h"

namespace arxiv::pages {

// The policy of every page: nothing inline, everything from this origin.
extern const char kContentSecurityPolicy[];

// Content-Security-Policy, X-Content-Type-Options, Referrer-Policy and Cache-Control.
void set_page_headers(httplib::Response& res);

// Renders template `name` over `view`, adding the layout's fields (`title`, `page` for
// body[data-page], `nav_<page>` for the current nav link), and sends it with `status`.
// A template that fails to render becomes a plain-text 500.
void send_page(httplib::Response& res, const ServerContext& ctx, int status,
               const std::string& name, const std::string& title, nlohmann::json view);
// The error page: the HTTP status, a heading and the message.
void send_error_page(httplib::Response& res, const ServerContext& ctx, int status,
                     const std::string& message);
// The error page for a lower layer's error, with http_status_for(error.code).
void send_error_page(httplib::Response& res, const ServerContext& ctx, const Error& error);

// What the researcher said about a paper for one profile, as its buttons show it.
struct PaperState {
  std::string verdict;  // "like", "dismiss" or "" (no signal)
  bool saved = false;
};
// profile name -> base id -> state. Empty when no judgment was ever stored (reading never
// creates the feedback database).
using PaperStates = std::map<std::string, std::map<std::string, PaperState>>;
Result<PaperStates> load_paper_states(const std::filesystem::path& data_dir,
                                      const std::vector<std::string>& profiles);

// The view of a paper for the `paper` partial: ids and links, title, authors, categories,
// announce type (`kind`: new, cross, updated or other), abstract and, for a ranked paper, its
// score and why. With a non-empty `profile`, the like/dismiss/save buttons for that profile
// showing `state`.
nlohmann::json paper_view(const Paper& paper, const std::string& announce_type);
nlohmann::json ranked_view(const RankedPaper& ranked, const std::string& profile,
                           const PaperState& state);

// "Saturday" for "2025-03-22"; "" for a malformed day.
std::string weekday_name(const std::string& day);
// `path` followed by ?k=v&... of the non-empty values, percent-encoded.
std::string link(const std::string& path,
                 const std::vector<std::pair<std::string, std::string>>& params);

// The handlers, one per page.
void digest_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);
void search_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);
void paper_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);
void profiles_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);
void profile_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);
void status_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);
void login_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace arxiv::pages
