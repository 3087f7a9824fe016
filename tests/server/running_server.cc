#include "tests/server/running_server.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

#include "tests/index/fixture_index.h"

namespace arxiv::testing {

RunningServer::RunningServer(ServerConfig config) : server_(std::move(config)) {
  auto port = server_.bind("127.0.0.1", 0);
  REQUIRE(port.ok());
  port_ = port.value();
  thread_ = std::thread([this] { server_.listen(); });
  while (!server_.running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

RunningServer::~RunningServer() {
  server_.stop();
  thread_.join();
}

httplib::Client RunningServer::client() const { return httplib::Client("127.0.0.1", port_); }

httplib::Result RunningServer::get(const std::string& path, const httplib::Headers& headers) const {
  return client().Get(path.c_str(), headers);
}

httplib::Result RunningServer::post(const std::string& path, const std::string& body,
                                    const httplib::Headers& headers) const {
  return client().Post(path.c_str(), headers, body, "application/json");
}

httplib::Result RunningServer::put(const std::string& path, const std::string& body,
                                   const httplib::Headers& headers) const {
  return client().Put(path.c_str(), headers, body, "application/json");
}

httplib::Result RunningServer::del(const std::string& path, const httplib::Headers& headers) const {
  return client().Delete(path.c_str(), headers);
}

ServerConfig fortnight_config() {
  ServerConfig config;
  config.data_dir = fortnight_data_dir();
  return config;
}

ServerConfig private_fortnight_config(const TempDir& dir, const std::string& token) {
  const auto copy = dir.path() / "data";
  std::filesystem::copy(fortnight_data_dir(), copy, std::filesystem::copy_options::recursive);
  ServerConfig config;
  config.data_dir = copy;
  config.token = token;
  return config;
}

httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

nlohmann::json body_of(const httplib::Result& r) {
  REQUIRE(r);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

nlohmann::json digest_papers(const RunningServer& server, const std::string& day,
                             const std::string& profile) {
  auto r = server.get("/api/v1/digest?date=" + day + "&profile=" + profile);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return body_of(r)["profiles"][0]["papers"];
}

}  // namespace arxiv::testing
