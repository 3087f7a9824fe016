#include "server/rate_limit.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/server/running_server.h"
#include "tests/support/fake_http.h"

namespace arxiv {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::bearer;
using testing::body_of;
using testing::FakeClock;
using testing::fortnight_config;
using testing::private_fortnight_config;
using testing::read_file;
using testing::RunningServer;
using testing::TempDir;

TEST_CASE("a client may spend its burst at once, then waits for the refill") {
  FakeClock clock;
  RateLimiter limiter(2, 3, clock);
  for (int i = 0; i < 3; ++i) CHECK(limiter.take("10.0.0.1") == 0);
  CHECK(limiter.take("10.0.0.1") == 1);
  clock.advance(milliseconds(500));
  CHECK(limiter.take("10.0.0.1") == 0);
  CHECK(limiter.take("10.0.0.1") == 1);
  clock.advance(seconds(60));  // refills to the burst, never beyond
  for (int i = 0; i < 3; ++i) CHECK(limiter.take("10.0.0.1") == 0);
  CHECK(limiter.take("10.0.0.1") > 0);
}

TEST_CASE("the wait a refused client is told shrinks as its bucket refills") {
  FakeClock clock;
  RateLimiter limiter(0.25, 1, clock);
  CHECK(limiter.take("10.0.0.1") == 0);
  CHECK(limiter.take("10.0.0.1") == 4);
  clock.advance(seconds(1));
  CHECK(limiter.take("10.0.0.1") == 3);
  clock.advance(seconds(3));
  CHECK(limiter.take("10.0.0.1") == 0);
}

TEST_CASE("each client has its own bucket") {
  FakeClock clock;
  RateLimiter limiter(1, 2, clock);
  CHECK(limiter.take("10.0.0.1") == 0);
  CHECK(limiter.take("10.0.0.1") == 0);
  CHECK(limiter.take("10.0.0.1") > 0);
  CHECK(limiter.take("10.0.0.2") == 0);
  CHECK(limiter.clients() == 2);
}

TEST_CASE("a clock stepping backwards refills nothing") {
  FakeClock clock;
  RateLimiter limiter(1, 1, clock);
  CHECK(limiter.take("10.0.0.1") == 0);
  clock.advance(seconds(-3600));
  CHECK(limiter.take("10.0.0.1") > 0);
  clock.advance(seconds(3600));
  CHECK(limiter.take("10.0.0.1") > 0);  // the hour back is not counted as time waited
  clock.advance(seconds(1));
  CHECK(limiter.take("10.0.0.1") == 0);
}

TEST_CASE("memory stays bounded: idle clients are forgotten first, busy ones keep their state") {
  FakeClock clock;
  RateLimiter limiter(1, 2, clock, 3);
  for (const char* client : {"a", "b", "c"}) CHECK(limiter.take(client) == 0);
  clock.advance(milliseconds(500));
  CHECK(limiter.take("c") == 0);     // c: 0.5 tokens left
  clock.advance(milliseconds(600));  // a and b are full again; c holds 1.1
  CHECK(limiter.take("d") == 0);
  CHECK(limiter.clients() == 2);  // a and b forgotten, c kept
  CHECK(limiter.take("c") == 0);
  CHECK(limiter.take("c") > 0);  // c was not reset to a full bucket

  RateLimiter busy(1, 2, clock, 2);
  CHECK(busy.take("a") == 0);
  CHECK(busy.take("a") == 0);
  clock.advance(milliseconds(10));
  CHECK(busy.take("b") == 0);
  CHECK(busy.take("b") == 0);
  CHECK(busy.take("c") == 0);  // no bucket is full: the longest idle (a) goes
  CHECK(busy.clients() == 2);
  CHECK(busy.take("b") > 0);
}

TEST_CASE("past its budget a client gets 429 with Retry-After; loopback is exempt by default") {
  auto config = fortnight_config();
  config.rate_burst = 3;
  config.rate_per_second = 0.001;
  {
    RunningServer exempt(config);
    for (int i = 0; i < 6; ++i) CHECK(exempt.get("/api/v1/healthz")->status == 200);
  }
  config.rate_limit_loopback = true;
  RunningServer server(config);
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    auto r = server.get("/api/v1/days");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(body_of(r)["days"].front()["date"] == "2025-03-18");
  }
  for (const char* path : {"/api/v1/days", "/api/v1/healthz", "/api/v1/profiles"}) {
    CAPTURE(path);
    auto r = server.get(path);
    REQUIRE(r);
    CHECK(r->status == 429);
    auto j = body_of(r);
    CHECK(j["error"]["code"] == "rate_limited");
    const int retry = std::stoi(r->get_header_value("Retry-After"));
    CHECK(retry >= 1);
    CHECK(retry <= 1000);
  }
}

TEST_CASE("a body larger than max_body_bytes gets 413 and stores nothing") {
  TempDir dir;
  const std::string token = "test-token-0123456789abcdef";
  auto config = private_fortnight_config(dir, token);
  config.max_body_bytes = 512;
  RunningServer server(config);
  REQUIRE(server.get("/api/v1/profiles")->status == 200);
  const std::string before = read_file(config.data_dir / "profiles.toml");
  const std::string big =
      R"({"name": "big", "query": "graph", "description": ")" + std::string(2000, 'x') + R"("})";
  auto r = server.post("/api/v1/profiles", big, bearer(token));
  REQUIRE(r);
  CHECK(r->status == 413);
  CHECK(body_of(r)["error"]["code"] == "too_large");
  CHECK(read_file(config.data_dir / "profiles.toml") == before);
  CHECK(server.get("/api/v1/profiles/big")->status == 404);
  // Just under the limit is fine.
  auto small =
      server.post("/api/v1/profiles", R"({"name": "small", "query": "graph"})", bearer(token));
  CHECK(small->status == 201);
}

}  // namespace arxiv
