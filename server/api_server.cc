#include "server/api_server.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "fetcher/text.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/ranked_json.h"
#include "index/ranker.h"

namespace arxiv {

namespace {

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
    case ErrorCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, const Error& error) {
  send_json(res, status_for(error.code),
            {{"error", {{"code", error_code_name(error.code)}, {"message", error.message}}}});
}

Result<int> int_param(const httplib::Request& req, const std::string& name, int fallback, int lo,
                      int hi) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  try {
    size_t used = 0;
    const int value = std::stoi(text, &used);
    if (used == text.size() && value >= lo && value <= hi) return value;
  } catch (const std::exception&) {
  }
  return Error::invalid_input("'" + name + "' must be an integer from " + std::to_string(lo) +
                              " to " + std::to_string(hi) + " (got '" + text + "')");
}

}  // namespace

struct ApiServer::Impl {
  std::filesystem::path data_dir;
  httplib::Server http;

  void routes();
  void digest(const httplib::Request& req, httplib::Response& res);
  void days(httplib::Response& res);
};

void ApiServer::Impl::routes() {
  http.Get("/api/v1/healthz", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"status", "ok"}});
  });
  http.Get("/api/v1/days", [this](const httplib::Request&, httplib::Response& res) { days(res); });
  http.Get("/api/v1/digest",
           [this](const httplib::Request& req, httplib::Response& res) { digest(req, res); });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const ErrorCode code = res.status == 404 ? ErrorCode::kNotFound : ErrorCode::kInvalidInput;
    send_json(res, res.status,
              {{"error",
                {{"code", error_code_name(code)}, {"message", "no such endpoint: " + req.path}}}});
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_error(res, Error::internal("the request failed unexpectedly"));
      });
  http.set_payload_max_length(1 << 20);
  // httplib's default also sets SO_REUSEPORT, which lets a second server share a port silently;
  // a second `serve` on a busy port must fail instead.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
}

void ApiServer::Impl::days(httplib::Response& res) {
  auto reader = PaperReader::open(data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  auto days = reader.value()->days();
  if (!days.ok()) return send_error(res, days.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : days.value()) out.push_back({{"date", d.day}, {"papers", d.papers}});
  send_json(res, 200, {{"days", std::move(out)}});
}

void ApiServer::Impl::digest(const httplib::Request& req, httplib::Response& res) {
  auto limit = int_param(req, "limit", 0, 1, 1000);
  if (!limit.ok()) return send_error(res, limit.error());
  auto profiles = load_or_create_profiles(data_dir);
  if (!profiles.ok()) return send_error(res, profiles.error());
  auto reader = PaperReader::open(data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  DigestOptions options;
  options.day = req.get_param_value("date");
  options.profile = req.get_param_value("profile");
  options.limit = limit.value();
  auto digest = build_digest(*reader.value(), profiles.value(), options);
  if (!digest.ok()) return send_error(res, digest.error());
  send_json(res, 200, digest_json(digest.value()));
}

ApiServer::ApiServer(std::filesystem::path data_dir) : impl_(std::make_unique<Impl>()) {
  impl_->data_dir = std::move(data_dir);
  impl_->routes();
}

ApiServer::~ApiServer() { stop(); }

Result<int> ApiServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? impl_->http.bind_to_any_port(host.c_str())
                              : (impl_->http.bind_to_port(host.c_str(), port) ? port : -1);
  if (bound <= 0)
    return Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                              " (in use, or not an address of this machine)");
  return bound;
}

void ApiServer::listen() { impl_->http.listen_after_bind(); }

bool ApiServer::running() const { return impl_->http.is_running(); }

void ApiServer::stop() { impl_->http.stop(); }

}  // namespace arxiv
