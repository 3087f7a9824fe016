// Registers the web pages (handlers in server/page_*.cc) and the sign-in page.
#include "server/pages.h"
#include "server/routes.h"

namespace arxiv {

namespace pages {

// The form POST /login (auth) reads; app.js fills `token` from a "#token=..." link and submits.
void login_page(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  send_page(res, ctx, 200, "login", "Sign in", {{"next", req.get_param_value("next")}});
}

}  // namespace pages

void add_web_page_routes(httplib::Server& http, ServerContext& ctx) {
  using Handler = void (*)(ServerContext&, const httplib::Request&, httplib::Response&);
  auto page = [&ctx](Handler handler) {
    return [&ctx, handler](const httplib::Request& req, httplib::Response& res) {
      handler(ctx, req, res);
    };
  };
  http.Get("/", page(pages::digest_page));
  http.Get("/search", page(pages::search_page));
  http.Get("/paper/(.+)", page(pages::paper_page));
  http.Get("/profiles", page(pages::profiles_page));
  http.Get("/profiles/([^/]+)", page(pages::profile_page));
  http.Get("/status", page(pages::status_page));
  http.Get("/login", page(pages::login_page));
}

}  // namespace arxiv
