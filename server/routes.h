// The route groups of the HTTP service, each registered on the cpp-httplib server by its own
// file. Handlers are thread-safe: each request opens its own readers and stores; shared state is
// in ServerContext. Every handler answers errors as JSON (http_util.h) or, for pages, as an
// HTML error page; none throws.
#pragma once

#include <httplib.h>

#include "server/server_context.h"

namespace arxiv {

// /api/v1/healthz, /api/v1/days, /api/v1/digest (api_digest.cc)
void add_digest_routes(httplib::Server& http, ServerContext& ctx);
// /api/v1/papers, /api/v1/papers/{id}: search and one paper, JSON or BibTeX (api_papers.cc)
void add_paper_routes(httplib::Server& http, ServerContext& ctx);
// POST /login, POST /logout: the token as a cookie for the browser (auth.cc)
void add_auth_routes(httplib::Server& http, ServerContext& ctx);
// /api/v1/profiles[/{name}[/feedback|/suggestions]] (api_profiles.cc)
void add_profile_routes(httplib::Server& http, ServerContext& ctx);
// /api/v1/subscribers[/{email}], /unsubscribe (api_subscribers.cc)
void add_subscriber_routes(httplib::Server& http, ServerContext& ctx);

// /api/v1/status, /metrics (api_status.cc)
void add_status_routes(httplib::Server& http, ServerContext& ctx);
// /feeds/{profile}.atom (api_feeds.cc)
void add_feed_routes(httplib::Server& http, ServerContext& ctx);
// /api/v1/openapi.json (openapi.cc)
void add_openapi_routes(httplib::Server& http, ServerContext& ctx);
// The HTML pages: /, /search, /paper/{id}, /profiles[/{name}], /status, /login (web_pages.cc)
void add_web_page_routes(httplib::Server& http, ServerContext& ctx);
// /static/* from <web_dir>/static, /static/katex/* from katex_dir (static_files.cc)
void add_static_routes(httplib::Server& http, ServerContext& ctx);

}  // namespace arxiv
