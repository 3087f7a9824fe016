// FakeArxivServer: a loopback HTTP server (cpp-httplib on 127.0.0.1, a port the kernel picks)
// that stands in for rss.arxiv.org, the OAI-PMH service and the query API in tests. It serves
// scripted responses, injects faults, and records when each request arrived so tests can measure
// request spacing on the server side. Thread-safe: the server answers on its own threads.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace arxiv::testing {

// What the server does with one request.
struct FakeReply {
  enum class Kind {
    kRespond,  // send status, headers, body
    // Close the connection after the status line and headers, before any body byte (httplib
    // 0.11.4 gives handlers no way to drop a socket outright); the client sees a failed read.
    kReset,
    kTruncate,  // announce Content-Length of body, send only the first half, close
    kSlow,      // wait `delay`, then respond (for client timeouts)
  };
  Kind kind = Kind::kRespond;
  int status = 200;
  std::map<std::string, std::string> headers;
  std::string body;
  std::chrono::milliseconds delay{0};

  static FakeReply ok(std::string body, std::string content_type = "application/xml");
  static FakeReply status_only(int status, std::map<std::string, std::string> headers = {});
  static FakeReply reset();
  static FakeReply truncated(std::string body);
  static FakeReply slow(std::chrono::milliseconds delay, std::string body);
};

struct ServedRequest {
  std::string path;   // "/oai"
  std::string query;  // "verb=ListRecords&metadataPrefix=arXivRaw"
  std::map<std::string, std::string> params;
  std::string user_agent;
  std::chrono::steady_clock::time_point arrived;
};

class FakeArxivServer {
 public:
  FakeArxivServer();   // starts listening
  ~FakeArxivServer();  // stops and joins
  FakeArxivServer(const FakeArxivServer&) = delete;
  FakeArxivServer& operator=(const FakeArxivServer&) = delete;

  // "http://127.0.0.1:PORT"
  std::string base_url() const;

  // Replies to requests for `path` come first from its script, in order, then from its handler.
  void script(const std::string& path, std::vector<FakeReply> replies);
  void handle(const std::string& path, std::function<FakeReply(const ServedRequest&)> handler);

  std::vector<ServedRequest> requests() const;
  // Gaps between the arrivals of consecutive requests (all paths), in order.
  std::vector<std::chrono::milliseconds> gaps() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arxiv::testing
