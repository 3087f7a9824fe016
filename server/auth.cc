#include "server/auth.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "server/http_util.h"
#include "server/routes.h"

namespace arxiv {

namespace {

constexpr char kFileName[] = "api-token";
constexpr size_t kTokenBytes = 32;
constexpr size_t kMinTokenLength = 16;
// A year: the researcher signs in once per browser, not every morning.
constexpr char kCookieAttributes[] = "; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000";

Error io_error(const std::string& what, const std::filesystem::path& path) {
  return Error::unavailable(what + " " + path.string() + ": " + std::strerror(errno));
}

void append_hex(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

std::string random_hex() {
  std::array<unsigned char, kTokenBytes> bytes{};
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  if (!urandom.read(reinterpret_cast<char*>(bytes.data()), bytes.size())) {
    std::random_device device;
    for (auto& b : bytes) b = static_cast<unsigned char>(device());
  }
  std::string out;
  for (unsigned char b : bytes) append_hex(out, b);
  return out;
}

Result<std::string> read_token(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error("cannot read", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string token = buffer.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
    token.pop_back();
  const bool printable =
      std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 127; });
  if (token.size() < kMinTokenLength || !printable)
    return Error::corrupt(path.string() + " holds no usable token (" +
                          std::to_string(kMinTokenLength) +
                          " or more printable characters); delete it to get a new one");
  return token;
}

// Written under a temporary name, then linked into place: a reader never sees half a token, and
// of two servers starting at once the second keeps the first one's token.
Result<bool> create_token_file(const std::filesystem::path& path) {
  std::string temp = path.string() + ".tmp-XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) return io_error("cannot create a temporary file beside", path);
  const std::string text = random_hex() + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  const bool closed = ::close(fd) == 0;
  Result<bool> created = true;
  if (!written || !closed)
    created = io_error("cannot write", temp);
  else if (::link(temp.c_str(), path.c_str()) != 0)
    created = errno == EEXIST ? Result<bool>(false) : Result<bool>(io_error("cannot create", path));
  ::unlink(temp.c_str());
  return created;
}

std::string trimmed(std::string_view text) {
  const auto begin = text.find_first_not_of(' ');
  if (begin == std::string_view::npos) return "";
  const auto end = text.find_last_not_of(' ');
  return std::string(text.substr(begin, end - begin + 1));
}

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string all = req.get_header_value("Cookie");
  std::string_view header = all;
  while (!header.empty()) {
    const auto semicolon = header.find(';');
    const std::string pair = trimmed(header.substr(0, semicolon));
    header = semicolon == std::string_view::npos ? "" : header.substr(semicolon + 1);
    const auto equals = pair.find('=');
    if (equals != std::string::npos && pair.compare(0, equals, name) == 0)
      return pair.substr(equals + 1);
  }
  return "";
}

// Everything but RFC 3986's unreserved characters, so the value survives as one parameter.
std::string percent_encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      append_hex(out, c);
    }
  }
  return out;
}

bool is_write(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

void unauthorized(httplib::Response& res, const std::string& message) {
  send_error(res, 401, "unauthorized", message);
  res.set_header("WWW-Authenticate", "Bearer realm=\"arxiv-triage\"");
}

void login(const ServerConfig& config, const httplib::Request& req, httplib::Response& res) {
  std::string token = req.get_param_value("token");
  std::string next = req.get_param_value("next");
  if (req.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
    auto body = json_body(req);
    if (!body.ok()) return send_error(res, body.error());
    const auto& j = body.value();
    if (j.contains("token") && j["token"].is_string()) token = j["token"];
    if (j.contains("next") && j["next"].is_string()) next = j["next"];
  }
  if (token.empty()) return send_error(res, 400, "invalid_input", "'token' is required");
  if (!same_token(token, config.token))
    return unauthorized(res, "that is not the API token of this server");
  res.set_header("Set-Cookie", std::string(kTokenCookie) + "=" + config.token + kCookieAttributes);
  res.set_header("Cache-Control", "no-store");
  res.set_redirect(local_redirect(next), 303);
}

void logout(const httplib::Request& req, httplib::Response& res) {
  res.set_header("Set-Cookie",
                 std::string(kTokenCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  res.set_redirect(local_redirect(req.get_param_value("next")), 303);
}

}  // namespace

std::filesystem::path token_path(const std::filesystem::path& data_dir) {
  return data_dir / kFileName;
}

Result<ResolvedToken> resolve_token(const std::filesystem::path& data_dir,
                                    const std::string& config_token) {
  if (!config_token.empty()) return ResolvedToken{config_token, {}, false};
  const auto path = token_path(data_dir);
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Error::unavailable("cannot create " + data_dir.string() + ": " + ec.message());
  bool created = false;
  if (!std::filesystem::exists(path, ec)) {
    auto made = create_token_file(path);
    if (!made.ok()) return made.error();
    created = made.value();
  }
  auto token = read_token(path);
  if (!token.ok()) return token.error();
  return ResolvedToken{std::move(token).value(), path, created};
}

bool same_token(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i)
    diff |= static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

std::string presented_token(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() > kScheme.size() &&
      std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }))
    return trimmed(std::string_view(header).substr(kScheme.size()));
  return cookie_value(req, kTokenCookie);
}

bool needs_token(const httplib::Request& req, const ServerConfig& config) {
  if (req.path == "/login" || req.path == "/logout" || req.path == "/unsubscribe") return false;
  if (is_write(req.method)) return true;
  return config.token_for_reads && req.path != "/api/v1/healthz" &&
         !req.path.starts_with("/static/");
}

bool check_access(const httplib::Request& req, httplib::Response& res, const ServerConfig& config) {
  if (!needs_token(req, config)) return true;
  const std::string token = presented_token(req);
  if (same_token(token, config.token)) return true;
  const bool page = !is_write(req.method) && !req.path.starts_with("/api/") &&
                    req.get_header_value("Accept").find("text/html") != std::string::npos;
  if (page && token.empty()) {
    std::string next = req.path;
    if (!req.params.empty()) next += "?" + httplib::detail::params_to_query_str(req.params);
    res.set_redirect("/login?next=" + percent_encoded(next), 303);
    return false;
  }
  unauthorized(res, config.token.empty()
                        ? "this server has no API token, so it allows nothing that needs one"
                    : token.empty() ? "this needs the API token (Authorization: Bearer ...)"
                                    : "the API token is wrong");
  // The body of a refused request is never read; closing keeps it from being parsed as the
  // next request on the connection.
  res.set_header("Connection", "close");
  return false;
}

std::string local_redirect(const std::string& next) {
  const bool printable =
      std::all_of(next.begin(), next.end(), [](char c) { return c > ' ' && c < 127 && c != '\\'; });
  if (!printable || next.empty() || next[0] != '/' || (next.size() > 1 && next[1] == '/'))
    return "/";
  return next;
}

void add_auth_routes(httplib::Server& http, ServerContext& ctx) {
  http.Post("/login", [&ctx](const httplib::Request& req, httplib::Response& res) {
    login(ctx.config, req, res);
  });
  http.Post("/logout",
            [](const httplib::Request& req, httplib::Response& res) { logout(req, res); });
}

}  // namespace arxiv
