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

}  // namespace arxiv
