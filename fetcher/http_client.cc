#include "fetcher/http_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <exception>

namespace arxiv {

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

namespace {

struct ParsedUrl {
  std::string origin;  // "https://export.arxiv.org:443"
  std::string target;  // "/api/query?id_list=..."
};

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool is_host_char(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_'; }

// httplib's own URL handling throws on unknown schemes and silently defaults on garbage, so the
// URL is checked here where a clear kInvalidInput can name what is wrong.
Result<ParsedUrl> parse_url(const std::string& url) {
  auto bad = [&](const std::string& why) {
    return Error::invalid_input("malformed URL '" + url + "': " + why);
  };
  for (unsigned char c : url) {
    // The URL goes on the request line as it is (url encoding is off so '+' keeps its meaning
    // in arXiv queries), so anything that would break that line is refused.
    if (c <= 0x20 || c >= 0x7f) return bad("contains a space, control or non-ASCII character");
  }
  auto sep = url.find("://");
  if (sep == std::string::npos) return bad("no scheme");
  std::string scheme = lowercase(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return bad("scheme '" + scheme + "' is not http(s)");
  auto rest = url.substr(sep + 3);
  auto authority_end = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, authority_end);
  std::string target = authority_end == std::string::npos ? "" : rest.substr(authority_end);
  if (auto hash = target.find('#'); hash != std::string::npos) target.erase(hash);
  if (target.empty() || target[0] == '?') target.insert(0, "/");
  if (authority.find('@') != std::string::npos) return bad("user info is not supported");

  std::string host = authority;
  std::string port;
  if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoi(port) == 0 || std::stoi(port) > 65535) {
      return bad("port '" + port + "' is not a number in 1-65535");
    }
  }
  if (host.empty()) return bad("no host");
  if (!std::all_of(host.begin(), host.end(), is_host_char)) return bad("bad host '" + host + "'");
  std::string origin = scheme + "://" + lowercase(host);
  if (!port.empty()) origin += ":" + port;
  return ParsedUrl{origin, target};
}

// httplib names its errors in one word ("Read"); the log reader needs to know what that covers.
std::string describe(httplib::Error err) {
  std::string name = httplib::to_string(err);
  switch (err) {
    case httplib::Error::Connection:
      return name + " (cannot connect: refused, unreachable or unknown host)";
    case httplib::Error::ConnectionTimeout:
      return name + " (connect timed out)";
    case httplib::Error::Read:
      return name + " (connection reset or closed mid-response, body truncated, or read timed out)";
    case httplib::Error::Write:
      return name + " (connection dropped while sending the request)";
    case httplib::Error::ExceedRedirectCount:
      return name + " (too many redirects)";
    default:
      return name;
  }
}

class HttplibClient final : public HttpClient {
 public:
  explicit HttplibClient(HttpOptions options) : options_(std::move(options)) {}

  Result<HttpResponse> get(const std::string& url) override {
    auto parsed = parse_url(url);
    if (!parsed) return parsed.error();
    try {
      return get_parsed(url, *parsed);
    } catch (const std::exception& e) {
      return Error::unavailable("GET " + url + " failed: " + e.what());
    }
  }

 private:
  Result<HttpResponse> get_parsed(const std::string& url, const ParsedUrl& parsed) {
    httplib::Client client(parsed.origin);
    if (!client.is_valid()) {
      return Error::unavailable("GET " + url + " failed: cannot set up a client for " +
                                parsed.origin);
    }
    if (options_.connect_timeout.count() > 0)
      client.set_connection_timeout(options_.connect_timeout);
    if (options_.read_timeout.count() > 0) client.set_read_timeout(options_.read_timeout);
    client.set_follow_location(true);
    client.set_url_encode(false);
    httplib::Headers headers;
    if (!options_.user_agent.empty()) headers.emplace("User-Agent", options_.user_agent);

    auto res = client.Get(parsed.target, headers);
    if (!res) {
      return Error::unavailable("GET " + url + " failed: " + describe(res.error()));
    }
    HttpResponse out;
    out.status = res->status;
    out.body = std::move(res->body);
    for (const auto& [name, value] : res->headers) {
      // Repeated fields are folded the way RFC 9110 allows for list-valued headers.
      auto [it, inserted] = out.headers.emplace(lowercase(name), value);
      if (!inserted) it->second += ", " + value;
    }
    return out;
  }

  HttpOptions options_;
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client(const HttpOptions& options) {
  return std::make_unique<HttplibClient>(options);
}

}  // namespace arxiv
