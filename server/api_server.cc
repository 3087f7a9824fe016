#include "server/api_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>

#include "server/auth.h"
#include "server/http_util.h"
#include "server/pages.h"
#include "server/rate_limit.h"
#include "server/routes.h"
#include "server/server_context.h"

namespace arxiv {

namespace {

// Connections the kernel may hold ready before the accept loop takes them (capped by
// net.core.somaxconn).
constexpr int kListenBacklog = 1024;

// httplib calls the pre-routing handler and the logger on the thread that serves the request,
// so the start time can travel between them in a thread_local.
thread_local std::chrono::steady_clock::time_point request_started;

// httplib 0.11 holds a body to max_body_bytes only by its Content-Length: a chunked body, one
// without a length (read until the client closes) or a compressed one (inflated after the check)
// would be read whole however large. So a body must come with its length, as sent.
bool body_is_bounded(const httplib::Request& req, httplib::Response& res) {
  const bool takes_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  if (req.has_header("Transfer-Encoding") || (takes_body && !req.has_header("Content-Length"))) {
    send_error(res, 411, "length_required",
               "the request body needs a Content-Length (chunked bodies are not accepted)");
  } else if (const std::string coding = req.get_header_value("Content-Encoding");
             !coding.empty() && coding != "identity") {
    send_error(res, 415, "unsupported_encoding",
               "the request body must not be compressed (Content-Encoding: " + coding + ")");
  } else {
    return true;
  }
  // The body is never read; closing keeps it from being parsed as the next request.
  res.set_header("Connection", "close");
  return false;
}

}  // namespace

struct ApiServer::Impl {
  ServerContext ctx;
  httplib::Server http;
  int listen_socket = -1;  // set when httplib creates it

  void routes();
};

void ApiServer::Impl::routes() {
  // Limits before the token check, so guessing tokens is throttled too.
  std::shared_ptr<RateLimiter> limiter = RateLimiter::for_config(ctx.config);
  http.set_pre_routing_handler(
      [this, limiter](const httplib::Request& req, httplib::Response& res) {
        request_started = std::chrono::steady_clock::now();
        const bool go_on = admit(req, res, *limiter, ctx.config) &&
                           check_access(req, res, ctx.config) && body_is_bounded(req, res);
        return go_on ? httplib::Server::HandlerResponse::Unhandled
                     : httplib::Server::HandlerResponse::Handled;
      });
  // httplib runs this after the handler and before the answer goes out: once a client sees a
  // write acknowledged, no digest of the state before it is served (digest_cache.h).
  http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "GET" && req.method != "HEAD" && res.status < 400) ctx.digests.invalidate();
  });
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    ctx.metrics.record(req.method, req.path, res.status,
                       std::chrono::steady_clock::now() - request_started);
    // The one place server failures are logged: the client got the JSON error, the operator
    // needs it in the journal.
    if (res.status >= 500)
      spdlog::error("{} {} -> {}: {}", req.method, req.path, res.status, res.body.substr(0, 500));
  });
  add_digest_routes(http, ctx);
  add_paper_routes(http, ctx);
  add_auth_routes(http, ctx);
  add_profile_routes(http, ctx);
  add_subscriber_routes(http, ctx);
  add_status_routes(http, ctx);
  add_feed_routes(http, ctx);
  add_openapi_routes(http, ctx);
  add_web_page_routes(http, ctx);
  add_static_routes(http, ctx);
  http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    // A person who mistypes a page address gets a page; scripts and feed readers get JSON.
    const bool machine = req.path.rfind("/api/", 0) == 0 || req.path.rfind("/feeds/", 0) == 0 ||
                         req.path == "/metrics";
    if (res.status == 404 && !machine)
      return pages::send_error_page(res, ctx, 404, "There is no page at " + req.path + ".");
    if (res.status == 404)
      return send_error(res, 404, "not_found", "no such endpoint: " + req.path);
    if (res.status == 413)
      return send_error(res, 413, "too_large", "the request body is larger than allowed");
    if (res.status == 414)
      return send_error(res, 414, "too_large", "the request's address is longer than allowed");
    if (res.status == 400)
      return send_error(res, 400, "invalid_input",
                        "the request could not be read: malformed HTTP, or a body cut short");
    send_error(res, res.status, "invalid_input", "the request could not be handled");
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_error(res, Error::internal("the request failed unexpectedly"));
      });
  http.set_payload_max_length(ctx.config.max_body_bytes);
  // httplib's own pool has max(8, cores - 1) threads, and a kept-alive connection holds its
  // thread: 64 load-test connections queued behind 8 and waited seconds (docs/benchmarks.md).
  const auto threads = static_cast<size_t>(std::max(1, ctx.config.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(static_cast<size_t>(std::max(1, ctx.config.keep_alive_requests)));
  http.set_keep_alive_timeout(std::max(1, ctx.config.keep_alive_seconds));
  // httplib sends the headers and the body in separate writes. With Nagle's algorithm the tail of
  // a multi-segment answer waits for the client's delayed ACK: 40 ms added to most search
  // answers (50 KB) on a kept-alive connection. Accepted sockets inherit the option on Linux.
  http.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second server share a port silently;
  // a second `serve` on a busy port must fail instead.
  http.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket = sock;
  });
}

ApiServer::ApiServer(ServerConfig config) : impl_(std::make_unique<Impl>()) {
  impl_->ctx.config = std::move(config);
  impl_->ctx.templates = Templates::load(impl_->ctx.config.web_dir);
  impl_->routes();
}

ApiServer::~ApiServer() { stop(); }

Result<int> ApiServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? impl_->http.bind_to_any_port(host.c_str())
                              : (impl_->http.bind_to_port(host.c_str(), port) ? port : -1);
  if (bound <= 0)
    return Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                              " (in use, or not an address of this machine)");
  // httplib 0.11 listens with a backlog of 5 (compiled into Debian's library). Clients whose
  // kept-alive connections end together (after keep_alive_requests) then overflow the accept
  // queue, and each dropped handshake stalls a request 1-3 s: wrk's search p99 went to 3.4 s in
  // one bench run (TcpExtListenOverflows 930). Calling listen() again only resizes the queue.
  if (impl_->listen_socket >= 0) ::listen(impl_->listen_socket, kListenBacklog);
  return bound;
}

void ApiServer::listen() { impl_->http.listen_after_bind(); }

bool ApiServer::running() const { return impl_->http.is_running(); }

void ApiServer::stop() { impl_->http.stop(); }

}  // namespace arxiv
