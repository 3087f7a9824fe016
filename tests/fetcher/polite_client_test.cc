#include "fetcher/polite_client.h"

#include <doctest/doctest.h>

#include <ctime>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/support/fake_http.h"

namespace arxiv {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;
using testing::FakeHttpClient;

constexpr const char* kLoopback = "http://127.0.0.1:8080/oai?verb=Identify";
constexpr const char* kArxiv = "https://export.arxiv.org/api/query?id_list=2401.00001";

PolitenessOptions quick(milliseconds min_interval = milliseconds{0}) {
  PolitenessOptions o;
  o.min_interval = min_interval;
  o.base_backoff = milliseconds{1000};
  o.max_backoff = milliseconds{10000};
  o.jitter_seed = 42;
  return o;
}

HttpResponse status(int code, std::map<std::string, std::string> headers = {}) {
  return HttpResponse{code, "body " + std::to_string(code), std::move(headers)};
}

milliseconds gap(const FakeHttpClient& http, size_t i) {
  return std::chrono::duration_cast<milliseconds>(http.requests()[i].at -
                                                  http.requests()[i - 1].at);
}

// Formats a time point as an IMF-fixdate, independently of the parser under test.
std::string imf_fixdate(Clock::TimePoint t) {
  auto secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace

TEST_CASE("the first request is not delayed and later ones start exactly one interval apart") {
  FakeClock clock;
  FakeHttpClient http(clock);
  PoliteClient client(http, clock, quick(milliseconds{200}));
  for (int i = 0; i < 4; ++i) REQUIRE(client.get(kLoopback).ok());
  REQUIRE(http.requests().size() == 4);
  CHECK(http.requests()[0].at == FakeClock().now());
  for (size_t i = 1; i < 4; ++i) CHECK(gap(http, i) == milliseconds{200});
}

TEST_CASE("time already spent since the last request counts towards the interval") {
  FakeClock clock;
  FakeHttpClient http(clock);
  PoliteClient client(http, clock, quick(milliseconds{3000}));
  REQUIRE(client.get(kLoopback).ok());
  clock.advance(milliseconds{2000});
  REQUIRE(client.get(kLoopback).ok());
  CHECK(gap(http, 1) == milliseconds{3000});
  CHECK(clock.slept() == milliseconds{1000});
  clock.advance(milliseconds{5000});
  REQUIRE(client.get(kLoopback).ok());
  CHECK(clock.slept() == milliseconds{1000});
}

TEST_CASE("arXiv hosts are spaced at least 3 s apart whatever min_interval says") {
  struct Case {
    const char* url;
    milliseconds min_interval, expected;
  } cases[] = {
      {kArxiv, milliseconds{0}, kArxivFloor},
      {"http://rss.arxiv.org/rss/cs.AI", milliseconds{100}, kArxivFloor},
      {"https://arxiv.org/abs/2401.00001", milliseconds{0}, kArxivFloor},
      {"https://EXPORT.ArXiv.org:443/oai2", milliseconds{0}, kArxivFloor},
      {kArxiv, milliseconds{5000}, milliseconds{5000}},
      {"http://notarxiv.org/x", milliseconds{0}, milliseconds{0}},
      {"http://arxiv.org.evil.com/x", milliseconds{100}, milliseconds{100}},
  };
  for (const auto& c : cases) {
    FakeClock clock;
    FakeHttpClient http(clock);
    PoliteClient client(http, clock, quick(c.min_interval));
    REQUIRE(client.get(c.url).ok());
    REQUIRE(client.get(c.url).ok());
    CHECK_MESSAGE(gap(http, 1) == c.expected, c.url);
  }
}

TEST_CASE("is_arxiv_host accepts arxiv.org and its subdomains only") {
  CHECK(PoliteClient::is_arxiv_host("https://arxiv.org/abs/1"));
  CHECK(PoliteClient::is_arxiv_host("https://export.arxiv.org/api/query"));
  CHECK(PoliteClient::is_arxiv_host("http://user@rss.arxiv.org./rss/cs"));
  CHECK_FALSE(PoliteClient::is_arxiv_host("https://myarxiv.org/"));
  CHECK_FALSE(PoliteClient::is_arxiv_host("https://arxiv.org.example.com/"));
  CHECK_FALSE(PoliteClient::is_arxiv_host("http://127.0.0.1:9000/?u=arxiv.org"));
}

TEST_CASE("final answers such as 200, 404 and 400 are returned as they are without a retry") {
  for (int code : {200, 204, 301, 400, 403, 404}) {
    FakeClock clock;
    FakeHttpClient http(clock);
    http.push(status(code));
    PoliteClient client(http, clock, quick());
    auto r = client.get(kLoopback);
    REQUIRE_MESSAGE(r.ok(), code);
    CHECK(r->status == code);
    CHECK(r->body == "body " + std::to_string(code));
    CHECK(http.requests().size() == 1);
    CHECK(clock.slept() == milliseconds{0});
  }
}

TEST_CASE("429, 5xx and network errors are retried with a doubling, jittered back-off") {
  struct Case {
    const char* name;
    int code;  // 0: a network error
  } cases[] = {{"429", 429}, {"500", 500}, {"503", 503}, {"network", 0}};
  for (const auto& c : cases) {
    FakeClock clock;
    FakeHttpClient http(clock);
    for (int i = 0; i < 4; ++i)
      c.code == 0 ? http.push_error("connection reset") : http.push(status(c.code));
    http.push(status(200));
    PoliteClient client(http, clock, quick());
    auto r = client.get(kLoopback);
    REQUIRE_MESSAGE(r.ok(), c.name);
    CHECK(r->status == 200);
    REQUIRE(http.requests().size() == 5);
    for (size_t i = 1; i < 5; ++i) {
      const double nominal = 1000.0 * (1 << (i - 1));
      auto g = static_cast<double>(gap(http, i).count());
      CHECK_MESSAGE(g >= 0.75 * nominal, c.name << " retry " << i);
      CHECK_MESSAGE(g <= 1.25 * nominal, c.name << " retry " << i);
    }
    CHECK_MESSAGE(gap(http, 4) > gap(http, 1), c.name);
  }
}

TEST_CASE("the back-off is capped at max_backoff and the jitter varies between retries") {
  FakeClock clock;
  FakeHttpClient http(clock);
  auto options = quick();
  options.max_attempts = 8;
  options.max_backoff = milliseconds{3000};
  for (int i = 0; i < 7; ++i) http.push(status(503));
  http.push(status(200));
  PoliteClient client(http, clock, options);
  REQUIRE(client.get(kLoopback).ok());
  REQUIRE(http.requests().size() == 8);
  std::set<milliseconds> capped;
  for (size_t i = 3; i < 8; ++i) {
    CHECK(gap(http, i) >= milliseconds{2250});
    CHECK(gap(http, i) <= milliseconds{3000});
    capped.insert(gap(http, i));
  }
  CHECK(capped.size() > 1);
}

TEST_CASE("Retry-After in seconds or as an HTTP date sets the wait before the retry") {
  FakeClock clock;
  const std::string in_90s = imf_fixdate(clock.now() + std::chrono::seconds{90});
  const std::string past = imf_fixdate(clock.now() - std::chrono::hours{1});
  struct Case {
    int code;
    std::string retry_after;
    milliseconds expected;
  } cases[] = {
      {503, "120", milliseconds{120000}}, {429, " 7 ", milliseconds{7000}},
      {503, "0", milliseconds{0}},        {503, in_90s, milliseconds{90000}},
      {429, past, milliseconds{0}},
  };
  for (const auto& c : cases) {
    FakeClock fake;
    FakeHttpClient http(fake);
    http.push(status(c.code, {{"retry-after", c.retry_after}}));
    http.push(status(200));
    PoliteClient client(http, fake, quick(milliseconds{0}));
    REQUIRE_MESSAGE(client.get(kLoopback).ok(), c.retry_after);
    REQUIRE(http.requests().size() == 2);
    CHECK_MESSAGE(gap(http, 1) == c.expected, c.retry_after);
  }
}

TEST_CASE("an unreadable Retry-After falls back to the ordinary back-off") {
  for (const char* value :
       {"soon", "-5", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 32 Nov 1994 08:49:37 GMT"}) {
    FakeClock clock;
    FakeHttpClient http(clock);
    http.push(status(503, {{"retry-after", value}}));
    http.push(status(200));
    PoliteClient client(http, clock, quick());
    REQUIRE(client.get(kLoopback).ok());
    CHECK_MESSAGE(gap(http, 1) >= milliseconds{750}, value);
    CHECK_MESSAGE(gap(http, 1) <= milliseconds{1250}, value);
  }
}

TEST_CASE("a Retry-After shorter than the arXiv floor still waits for the floor") {
  FakeClock clock;
  FakeHttpClient http(clock);
  http.push(status(503, {{"retry-after", "1"}}));
  http.push(status(200));
  PoliteClient client(http, clock, quick());
  REQUIRE(client.get(kArxiv).ok());
  CHECK(gap(http, 1) == kArxivFloor);
}

TEST_CASE("a Retry-After beyond max_retry_after gives up at once naming the wait") {
  FakeClock clock;
  FakeHttpClient http(clock);
  http.push(status(503, {{"retry-after", "3600"}}));
  auto options = quick();
  options.max_retry_after = milliseconds{600000};
  PoliteClient client(http, clock, options);
  auto r = client.get(kLoopback);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kUnavailable);
  CHECK(r.error().message.find(kLoopback) != std::string::npos);
  CHECK(r.error().message.find("3600.0 s") != std::string::npos);
  CHECK(r.error().message.find("503") != std::string::npos);
  CHECK(http.requests().size() == 1);
  CHECK(clock.slept() == milliseconds{0});
}

TEST_CASE("after max_attempts failures the error names the URL, the attempts and the last cause") {
  {
    FakeClock clock;
    FakeHttpClient http(clock);
    http.push(status(500));
    http.push(status(502));
    http.push(status(429));
    auto options = quick();
    options.max_attempts = 3;
    PoliteClient client(http, clock, options);
    auto r = client.get(kLoopback);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kUnavailable);
    CHECK(r.error().message ==
          std::string("GET ") + kLoopback + " failed after 3 attempt(s); last: HTTP 429");
    CHECK(http.requests().size() == 3);
  }
  {
    FakeClock clock;
    FakeHttpClient http(clock);
    for (int i = 0; i < 5; ++i) http.push_error("Read error (cut " + std::to_string(i) + ")");
    PoliteClient client(http, clock, quick());
    auto r = client.get(kLoopback);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("after 5 attempt(s)") != std::string::npos);
    CHECK(r.error().message.find("Read error (cut 4)") != std::string::npos);
    CHECK(http.requests().size() == 5);
  }
}

TEST_CASE("an error other than kUnavailable is returned at once without a retry") {
  class BadUrlClient final : public HttpClient {
   public:
    Result<HttpResponse> get(const std::string&) override {
      ++calls;
      return Error::invalid_input("malformed URL");
    }
    int calls = 0;
  } http;
  FakeClock clock;
  PoliteClient client(http, clock, quick());
  auto r = client.get("nonsense");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kInvalidInput);
  CHECK(http.calls == 1);
}

TEST_CASE("the same jitter seed gives the same back-off schedule") {
  auto schedule = [](uint64_t seed) {
    FakeClock clock;
    FakeHttpClient http(clock);
    auto options = quick();
    options.jitter_seed = seed;
    PoliteClient client(http, clock, options);
    for (int i = 0; i < 5; ++i) http.push(status(503));
    (void)client.get(kLoopback);
    std::vector<milliseconds> gaps;
    for (size_t i = 1; i < http.requests().size(); ++i) gaps.push_back(gap(http, i));
    return gaps;
  };
  CHECK(schedule(7) == schedule(7));
  CHECK(schedule(7) != schedule(8));
}

}  // namespace arxiv
