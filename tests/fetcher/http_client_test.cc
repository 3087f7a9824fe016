#include "fetcher/http_client.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "fetcher/clock.h"
#include "fetcher/polite_client.h"
#include "tests/support/fake_arxiv_server.h"

namespace arxiv {
namespace {

using std::chrono::milliseconds;
using testing::FakeArxivServer;
using testing::FakeReply;

constexpr const char* kAgent = "arxiv-triage/0.1 (+https://example.org; mailto:test@example.org)";

std::unique_ptr<HttpClient> client(std::chrono::seconds read_timeout = std::chrono::seconds{5}) {
  HttpOptions o;
  o.user_agent = kAgent;
  o.connect_timeout = std::chrono::seconds{2};
  o.read_timeout = read_timeout;
  return make_http_client(o);
}

std::string big_body() {
  std::string body;
  for (int i = 0; i < 2000; ++i) body += "<entry>" + std::to_string(i) + "</entry>\n";
  return body;
}

void check_unavailable(const Result<HttpResponse>& r, const std::string& url) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kUnavailable);
  CHECK_MESSAGE(r.error().message.find(url) != std::string::npos, r.error().message);
}

// A TCP port bound on 127.0.0.1 but never listening: connecting to it is refused.
class RefusingPort {
 public:
  RefusingPort() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

}  // namespace

TEST_CASE(
    "a 200 comes back with its body, lowercased headers, and our User-Agent reaches the server") {
  FakeArxivServer server;
  auto reply = FakeReply::ok("<feed>hello</feed>", "application/atom+xml");
  reply.headers["X-Arxiv-Test"] = "yes";
  server.script("/api/query", {reply});
  auto r = client()->get(server.base_url() + "/api/query?id_list=2401.00001&max_results=1");
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == "<feed>hello</feed>");
  CHECK(r->header("content-type") == "application/atom+xml");
  CHECK(r->header("x-arxiv-test") == "yes");
  CHECK(r->header("X-Arxiv-Test") == "");
  CHECK(r->header("absent") == "");
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].path == "/api/query");
  CHECK(seen[0].query == "id_list=2401.00001&max_results=1");
  CHECK(seen[0].params.at("id_list") == "2401.00001");
  CHECK(seen[0].user_agent == kAgent);
}

TEST_CASE("a '+' in the query reaches the server as sent, so arXiv reads it as a space") {
  FakeArxivServer server;
  auto r = client()->get(server.base_url() + "/api/query?search_query=cat:cs.AI+AND+ti:graph");
  REQUIRE(r.ok());
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].query == "search_query=cat:cs.AI+AND+ti:graph");
  CHECK(seen[0].params.at("search_query") == "cat:cs.AI AND ti:graph");
}

TEST_CASE("a 404 or a 503 is a response for the caller to judge, not an error") {
  FakeArxivServer server;
  server.script("/gone", {FakeReply::status_only(503, {{"Retry-After", "30"}})});
  auto missing = client()->get(server.base_url() + "/nowhere");
  REQUIRE(missing.ok());
  CHECK(missing->status == 404);
  auto busy = client()->get(server.base_url() + "/gone");
  REQUIRE(busy.ok());
  CHECK(busy->status == 503);
  CHECK(busy->header("retry-after") == "30");
}

TEST_CASE("redirects are followed to the final answer") {
  FakeArxivServer server;
  server.script("/old", {FakeReply::status_only(301, {{"Location", server.base_url() + "/new"}})});
  server.script("/new", {FakeReply::ok("moved here")});
  auto r = client()->get(server.base_url() + "/old");
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == "moved here");
  CHECK(server.requests().size() == 2);
}

TEST_CASE("a connection dropped before the body is kUnavailable naming the URL") {
  FakeArxivServer server;
  server.script("/rss/cs.AI", {FakeReply::reset()});
  const std::string url = server.base_url() + "/rss/cs.AI";
  check_unavailable(client()->get(url), url);
}

TEST_CASE("a body cut short of its Content-Length is kUnavailable, not a short page") {
  FakeArxivServer server;
  server.script("/oai", {FakeReply::truncated(big_body())});
  const std::string url = server.base_url() + "/oai?verb=ListRecords";
  check_unavailable(client()->get(url), url);
}

TEST_CASE("a reply slower than the read timeout is kUnavailable") {
  FakeArxivServer server;
  server.script("/slow", {FakeReply::slow(milliseconds{2000}, "late")});
  const std::string url = server.base_url() + "/slow";
  check_unavailable(client(std::chrono::seconds{1})->get(url), url);
}

TEST_CASE("a refused connection is kUnavailable naming the URL") {
  RefusingPort port;
  const std::string url = "http://127.0.0.1:" + std::to_string(port.port()) + "/oai";
  check_unavailable(client()->get(url), url);
}

TEST_CASE("a malformed URL is kInvalidInput and nothing is sent") {
  FakeArxivServer server;
  const std::string base = server.base_url();
  const std::vector<std::string> urls = {
      "",
      "127.0.0.1/oai",
      "ftp://127.0.0.1/x",
      "http://",
      "http:///path",
      "http://127.0.0.1:99999/",
      "http://127.0.0.1:/",
      "http://127.0.0.1:80x/",
      "http://user@127.0.0.1/",
      base + "/a path with spaces",
      base + "/line\r\nX-Injected: 1",
      "http://exa$mple.org/",
  };
  for (const auto& url : urls) {
    auto r = client()->get(url);
    REQUIRE_FALSE_MESSAGE(r.ok(), url);
    CHECK_MESSAGE(r.error().code == ErrorCode::kInvalidInput, url);
    CHECK_MESSAGE(r.error().message.find("malformed URL") != std::string::npos, url);
  }
  CHECK(server.requests().empty());
}

TEST_CASE(
    "a PoliteClient over real HTTP spaces requests and honours Retry-After on the server's clock") {
  FakeArxivServer server;
  SystemClock clock;
  PolitenessOptions options;
  options.min_interval = milliseconds{200};
  options.base_backoff = milliseconds{50};
  options.jitter_seed = 1;
  auto http = client();
  PoliteClient polite(*http, clock, options);

  SUBCASE("three requests arrive at least the floor apart") {
    for (int i = 0; i < 3; ++i) {
      auto r = polite.get(server.base_url() + "/rss/cs.AI");
      REQUIRE(r.ok());
    }
    auto gaps = server.gaps();
    REQUIRE(gaps.size() == 2);
    for (auto g : gaps) CHECK(g >= milliseconds{150});
  }
  SUBCASE("a 503 with Retry-After: 1 is retried no sooner than the server asked") {
    server.script("/oai",
                  {FakeReply::status_only(503, {{"Retry-After", "1"}}), FakeReply::ok("ok")});
    auto r = polite.get(server.base_url() + "/oai?verb=Identify");
    REQUIRE(r.ok());
    CHECK(r->body == "ok");
    auto gaps = server.gaps();
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0] >= milliseconds{900});
  }
  SUBCASE("a 429 then a 200 succeeds") {
    server.script("/api/query", {FakeReply::status_only(429), FakeReply::ok("<feed/>")});
    auto r = polite.get(server.base_url() + "/api/query?id_list=1");
    REQUIRE(r.ok());
    CHECK(r->status == 200);
    CHECK(r->body == "<feed/>");
    CHECK(server.requests().size() == 2);
  }
  SUBCASE("a reset then a 200 succeeds after a back-off") {
    server.script("/rss/cs.CL", {FakeReply::reset(), FakeReply::ok("<rss/>")});
    auto r = polite.get(server.base_url() + "/rss/cs.CL");
    REQUIRE(r.ok());
    CHECK(r->body == "<rss/>");
    CHECK(server.requests().size() == 2);
  }
}

TEST_CASE("concurrent callers of one PoliteClient never have two requests in flight") {
  FakeArxivServer server;
  std::atomic<int> in_flight{0};
  std::atomic<int> most{0};
  server.handle("/rss/cs.AI", [&](const testing::ServedRequest&) {
    int now = ++in_flight;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(milliseconds{50});
    --in_flight;
    return FakeReply::ok("<rss/>");
  });
  SystemClock clock;
  PolitenessOptions options;
  options.min_interval = milliseconds{0};
  auto http = client();
  PoliteClient polite(*http, clock, options);
  std::vector<std::thread> callers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&] {
      if (polite.get(server.base_url() + "/rss/cs.AI").ok()) ++ok;
    });
  }
  for (auto& t : callers) t.join();
  CHECK(ok.load() == 4);
  CHECK(server.requests().size() == 4);
  CHECK(most.load() == 1);
}

}  // namespace arxiv
