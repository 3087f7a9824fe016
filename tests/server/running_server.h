// Test support for the HTTP service: an ApiServer on 127.0.0.1 (a port the kernel picks) in a
// thread, stopped and joined when the object goes, plus configurations over the fortnight fixture.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "server/api_server.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

class RunningServer {
 public:
  explicit RunningServer(ServerConfig config);
  ~RunningServer();
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  int port() const { return port_; }
  // A client of this server (127.0.0.1:port).
  httplib::Client client() const;
  httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) const;
  httplib::Result post(const std::string& path, const std::string& body,
                       const httplib::Headers& headers = {}) const;
  httplib::Result put(const std::string& path, const std::string& body,
                      const httplib::Headers& headers = {}) const;
  httplib::Result del(const std::string& path, const httplib::Headers& headers = {}) const;

 private:
  ApiServer server_;
  int port_ = 0;
  std::thread thread_;
};

// The shared, read-only fortnight fixture (tests/index/fixture_index.h); no token.
ServerConfig fortnight_config();
// A private copy of the fortnight data directory inside `dir`, for tests that write profiles or
// feedback, with `token` as the write token.
ServerConfig private_fortnight_config(const TempDir& dir, const std::string& token);
// {"Authorization": "Bearer <token>"}
httplib::Headers bearer(const std::string& token);

// The papers of `profile` in GET /api/v1/digest?date=`day`; fails the test unless it answers 200.
nlohmann::json digest_papers(const RunningServer& server, const std::string& day,
                             const std::string& profile);

// The response's body as JSON; fails the test when there is no response, the type is not
// application/json or the body does not parse.
nlohmann::json body_of(const httplib::Result& r);

}  // namespace arxiv::testing
