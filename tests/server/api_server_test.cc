#include "server/api_server.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "tests/server/running_server.h"

namespace arxiv {

using testing::body_of;
using testing::fortnight_config;
using testing::RunningServer;

TEST_CASE("the API answers health, days and a day's digest as the CLI prints it") {
  RunningServer server(fortnight_config());
  auto health = server.get("/api/v1/healthz");
  CHECK(health->status == 200);
  CHECK(body_of(health)["status"] == "ok");

  auto days = server.get("/api/v1/days");
  CHECK(days->status == 200);
  auto d = body_of(days)["days"];
  REQUIRE(d.size() >= 10);
  CHECK(d.front()["date"] == "2025-03-18");
  CHECK(d.front()["papers"].get<int>() > 0);

  auto digest = server.get("/api/v1/digest?date=2025-03-25&profile=nas&limit=3");
  CHECK(digest->status == 200);
  auto j = body_of(digest);
  CHECK(j["date"] == "2025-03-25");
  CHECK(j["announced"].get<int>() > 0);
  REQUIRE(j["profiles"].size() == 1);
  CHECK(j["profiles"][0]["name"] == "nas");
  CHECK(j["profiles"][0]["papers"].size() <= 3);
  CHECK_FALSE(j["profiles"][0]["papers"].empty());
  CHECK(j["profiles"][0]["papers"][0].contains("why"));
}

TEST_CASE("bad requests get a JSON error with the right status") {
  RunningServer server(fortnight_config());
  struct Case {
    const char* path;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"/api/v1/digest?date=2025-13-45", 400, "invalid_input"},
      {"/api/v1/digest?profile=nobody", 400, "invalid_input"},
      {"/api/v1/digest?limit=abc", 400, "invalid_input"},
      {"/api/v1/digest?limit=0", 400, "invalid_input"},
      {"/api/v1/nothing-here", 404, "not_found"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto r = server.get(c.path);
    REQUIRE(r);
    CHECK(r->status == c.status);
    auto j = body_of(r);
    CHECK(j["error"]["code"] == c.code);
    CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
  }
}

TEST_CASE("a port already in use is reported, not a crash") {
  RunningServer first(fortnight_config());
  ApiServer second(fortnight_config());
  auto again = second.bind("127.0.0.1", first.port());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kUnavailable);
  CHECK(again.error().message.find(std::to_string(first.port())) != std::string::npos);
}

TEST_CASE("a burst of new connections waits in the accept queue instead of being dropped") {
  // Bound but not yet accepting: every handshake must complete into the kernel's queue. With
  // httplib's own backlog of 5, the 7th and later were dropped and retried after a second.
  ApiServer server(fortnight_config());
  auto port = server.bind("127.0.0.1", 0);
  REQUIRE(port.ok());
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port.value()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  constexpr int kBurst = 64;
  std::vector<int> sockets;
  for (int i = 0; i < kBurst; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    REQUIRE(fd >= 0);
    sockets.push_back(fd);
    (void)connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  }
  int established = 0;
  for (int fd : sockets) {
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t size = sizeof error;
    if (poll(&p, 1, 500) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 &&
        error == 0)
      ++established;
  }
  CHECK(established == kBurst);
  for (int fd : sockets) close(fd);
}

TEST_CASE("a mistyped page address gets an HTML page, a mistyped API path a JSON error") {
  RunningServer server(fortnight_config());
  auto page = server.get("/digests?date=2025-03-25");
  REQUIRE(page);
  CHECK(page->status == 404);
  CHECK(page->get_header_value("Content-Type").rfind("text/html", 0) == 0);
  CHECK(page->body.find("There is no page at /digests.") != std::string::npos);
  CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'none'") !=
        std::string::npos);
  for (const char* path : {"/api/v2/digest", "/feeds/nas.rss/x"}) {
    CAPTURE(path);
    auto api = server.get(path);
    CHECK(api->status == 404);
    CHECK(body_of(api)["error"]["code"] == "not_found");
  }
}

TEST_CASE("more kept-alive connections than httplib's own pool has threads are served at once") {
  ServerConfig config = fortnight_config();
  config.threads = 24;
  // An idle connection holds its thread this long: were the pool smaller than the connections
  // open, the last ones would wait for it, past the clients' timeout.
  config.keep_alive_seconds = 60;
  RunningServer server(config);
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<httplib::Client>("127.0.0.1", server.port()));
    clients.back()->set_keep_alive(true);
    clients.back()->set_read_timeout(20);
    clients.back()->set_connection_timeout(20);
  }
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < clients.size(); ++i) {
      CAPTURE(i);
      auto r = clients[i]->Get("/api/v1/healthz");
      REQUIRE(r);
      CHECK(r->status == 200);
    }
  }
}

}  // namespace arxiv
