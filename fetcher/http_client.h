// HttpClient: the seam for the network. Every request to arXiv goes through one (wrapped by a
// PoliteClient), so tests substitute a fake arXiv served on 127.0.0.1.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "fetcher/result.h"

namespace arxiv {

struct HttpResponse {
  int status = 0;
  std::string body;
  // Header names lowercased.
  std::map<std::string, std::string> headers;

  // The header's value, or "" when absent. `name` lowercase.
  std::string header(const std::string& name) const;
};

struct HttpOptions {
  std::string user_agent;  // "arxiv-triage/0.1 (+URL; mailto:contact)"
  std::chrono::seconds connect_timeout{30};
  std::chrono::seconds read_timeout{30};
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // One GET. Any HTTP status is a success (the caller decides what 429 or 503 mean); a network
  // failure (refused, reset, timeout, truncated body, bad URL) is kUnavailable with the cause.
  virtual Result<HttpResponse> get(const std::string& url) = 0;
};

// The real client: cpp-httplib with OpenSSL for https. Thread-compatible: one request at a time
// per object.
std::unique_ptr<HttpClient> make_http_client(const HttpOptions& options);

}  // namespace arxiv
