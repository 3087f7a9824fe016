#include <date/date.h>
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fetcher/clock.h"
#include "index/feedback_store.h"
#include "index/fetch_status.h"
#include "index/profile.h"
#include "server/metrics.h"
#include "tests/index/fixture_index.h"
#include "tests/server/running_server.h"

namespace arxiv {

using nlohmann::json;
using testing::body_of;
using testing::fortnight_config;
using testing::open_fortnight;
using testing::private_fortnight_config;
using testing::RunningServer;
using testing::TempDir;

namespace {

// The samples of a Prometheus text exposition: "name{labels}" -> value. Fails the test on a line
// that is neither a comment nor a sample, or on a sample whose family was not announced by
// # HELP and # TYPE.
std::map<std::string, double> samples_of(const std::string& text) {
  std::map<std::string, double> out;
  std::set<std::string> typed;
  for (const auto& line : testing::lines_of(text)) {
    CAPTURE(line);
    if (line.rfind("# TYPE ", 0) == 0) {
      typed.insert(line.substr(7, line.find(' ', 7) - 7));
      continue;
    }
    if (line.rfind("# HELP ", 0) == 0) continue;
    const auto space = line.rfind(' ');
    REQUIRE(space != std::string::npos);
    const std::string series = line.substr(0, space);
    CHECK(typed.count(series.substr(0, series.find('{'))) == 1);
    size_t used = 0;
    const double value = std::stod(line.substr(space + 1), &used);
    CHECK(used == line.size() - space - 1);
    CHECK(out.emplace(series, value).second);
  }
  return out;
}

std::string requests_series(const std::string& method, const std::string& path, int status) {
  return "arxiv_triage_http_requests_total{route=\"" + Metrics::route_of(method, path) +
         "\",status=\"" + std::to_string(status) + "\"}";
}

std::map<std::string, double> scrape(const RunningServer& server) {
  auto r = server.get("/metrics");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
  return samples_of(r->body);
}

// Requests are counted after their answer is sent, so the last few may land a moment after the
// client has them: wait (boundedly) until `series` has reached `expected`.
double count_when_settled(const RunningServer& server, const std::string& series, double expected) {
  double seen = 0;
  for (int attempt = 0; attempt < 500; ++attempt) {
    seen = scrape(server)[series];
    if (seen >= expected) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return seen;
}

}  // namespace

TEST_CASE("the status gives the index's counts, every profile's feedback and an empty fetch") {
  RunningServer server(fortnight_config());
  auto r = server.get("/api/v1/status");
  REQUIRE(r);
  CHECK(r->status == 200);
  const json s = body_of(r);

  auto reader = open_fortnight();
  auto days = reader->days();
  REQUIRE(days.ok());
  CHECK(s["index"]["papers"] == reader->paper_count().value());
  CHECK(s["index"]["days"] == days->size());
  CHECK(s["index"]["newest_day"] == days->back().day);
  CHECK(s["index"]["newest_day_papers"] == days->back().papers);

  // The fixture was imported, never fetched: nothing to report yet.
  CHECK(s["fetch"]["last_success"].is_null());
  CHECK(s["fetch"]["last_error"].is_null());
  CHECK(s["fetch"]["categories"].empty());

  std::vector<std::string> names;
  for (const auto& f : s["feedback"]) {
    names.push_back(f["profile"]);
    CHECK(f["liked"] == 0);
  }
  std::vector<std::string> defaults;
  for (const auto& p : default_profiles()) defaults.push_back(p.name);
  CHECK(names == defaults);

  CHECK_FALSE(s["version"].get<std::string>().empty());
  CHECK(s["uptime_seconds"].get<double>() >= 0);
}

TEST_CASE("the status reports the last fetch and flags a category far below its usual count") {
  TempDir dir;
  ServerConfig config = private_fortnight_config(dir, "status-token-0123456789");
  // A fetch record over the fixture's real days: cs.LG steady, cs.CL collapsing on the last day
  // the way a stale per-category feed shows.
  auto reader = open_fortnight();
  auto days = reader->days();
  REQUIRE(days.ok());
  FetchStatus fetch;
  for (const auto& d : days.value()) {
    const bool last = &d == &days->back();
    fetch.recent.push_back({d.day, d.papers, {{"cs.LG", d.papers / 2}, {"cs.CL", last ? 3 : 60}}});
  }
  fetch.last_listing_day = days->back().day;
  fetch.last_attempt = "2025-03-31T05:10:00Z";
  fetch.last_success = "2025-03-30T05:10:00Z";
  fetch.last_error = "stale: the feed is dated 2025-03-28, the listing of 2025-03-31 is due";
  fetch.missing_days = {"2025-03-27"};
  REQUIRE(save_fetch_status(config.data_dir, fetch).ok());

  RunningServer server(config);
  // Feedback on two real papers, for a default profile and for one no longer in profiles.toml.
  const json papers =
      body_of(server.get("/api/v1/digest?profile=nas&limit=2"))["profiles"][0]["papers"];
  REQUIRE(papers.size() == 2);
  SystemClock clock;
  auto store = FeedbackStore::open(config.data_dir, clock);
  REQUIRE(store.ok());
  REQUIRE(store->record("nas", {papers[0]["id"].get<std::string>()}, Grade::kLike).ok());
  REQUIRE(store->record("nas", {papers[1]["id"].get<std::string>()}, Grade::kDismiss).ok());
  REQUIRE(store->record("retired", {papers[0]["id"].get<std::string>()}, Grade::kLike).ok());

  const json s = body_of(server.get("/api/v1/status"));
  const json& f = s["fetch"];
  CHECK(f["last_listing_day"] == fetch.last_listing_day);
  CHECK(f["last_success"] == fetch.last_success);
  CHECK(f["last_error"] == fetch.last_error);
  CHECK(f["missing_days"] == json(fetch.missing_days));
  CHECK(f["newest_recorded_day"] == days->back().day);
  REQUIRE(f["categories"].size() == 2);
  for (const auto& c : f["categories"]) {
    CAPTURE(c.dump());
    CHECK(c["trailing_days"] == days->size() - 1);
    if (c["category"] == "cs.CL") {
      CHECK(c["papers"] == 3);
      CHECK(c["trailing_average"].get<double>() == doctest::Approx(60));
      CHECK(c["low"] == true);
    } else {
      CHECK(c["papers"] == days->back().papers / 2);
      CHECK(c["low"] == false);
    }
  }

  std::map<std::string, std::pair<int, int>> counts;
  for (const auto& p : s["feedback"]) counts[p["profile"]] = {p["liked"], p["dismissed"]};
  CHECK(counts["nas"] == std::pair(1, 1));
  CHECK(counts["retired"] == std::pair(1, 0));
  CHECK(s["feedback"].back()["profile"] == "retired");
}

TEST_CASE("a damaged status record is a JSON error naming the file, for status and metrics") {
  TempDir dir;
  ServerConfig config = private_fortnight_config(dir, "status-token-0123456789");
  std::ofstream(config.data_dir / "status.json") << "{\"recent\": [{\"day\": 5";
  RunningServer server(config);
  for (const char* path : {"/api/v1/status", "/metrics"}) {
    CAPTURE(path);
    auto r = server.get(path);
    REQUIRE(r);
    CHECK(r->status == 500);
    const json j = body_of(r);
    CHECK(j["error"]["code"] == "corrupt");
    CHECK(j["error"]["message"].get<std::string>().find("status.json") != std::string::npos);
  }
}

TEST_CASE("metrics count every request by route and status, also when requests run at once") {
  RunningServer server(fortnight_config());
  constexpr int kThreads = 4;
  constexpr int kRounds = 10;
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&server] {
      for (int i = 0; i < kRounds; ++i) {
        server.get("/api/v1/healthz");
        server.get("/api/v1/days");
        server.get("/nowhere/at/all");
        server.get("/api/v1/status");
      }
    });
  }
  for (auto& c : clients) c.join();

  constexpr double kEach = kThreads * kRounds;
  CHECK(count_when_settled(server, requests_series("GET", "/api/v1/status", 200), kEach) == kEach);
  const auto m = scrape(server);
  CHECK(m.at(requests_series("GET", "/api/v1/healthz", 200)) == kEach);
  CHECK(m.at(requests_series("GET", "/api/v1/days", 200)) == kEach);
  CHECK(m.at(requests_series("GET", "/nowhere/at/all", 404)) == kEach);
  const std::string seconds = "arxiv_triage_http_request_seconds_total{route=\"" +
                              Metrics::route_of("GET", "/api/v1/days") + "\",status=\"200\"}";
  CHECK(m.at(seconds) > 0);

  auto reader = open_fortnight();
  CHECK(m.at("arxiv_triage_index_papers") == reader->paper_count().value());
  const std::string newest = reader->days()->back().day;
  const date::sys_days newest_day{
      date::year{std::stoi(newest.substr(0, 4))} /
      date::month{static_cast<unsigned>(std::stoi(newest.substr(5, 2)))} /
      date::day{static_cast<unsigned>(std::stoi(newest.substr(8, 2)))}};
  CHECK(m.at("arxiv_triage_newest_listing_day_timestamp_seconds") ==
        newest_day.time_since_epoch() / std::chrono::seconds(1));
  CHECK(m.at("arxiv_triage_uptime_seconds") >= 0);
  // Never fetched: no age to report, rather than a made-up one.
  CHECK(m.count("arxiv_triage_last_fetch_success_age_seconds") == 0);
}

TEST_CASE("the age of the last successful fetch is exported once there is one") {
  TempDir dir;
  ServerConfig config = private_fortnight_config(dir, "status-token-0123456789");
  FetchStatus fetch;
  fetch.last_success = "2025-03-31T05:10:00Z";
  REQUIRE(save_fetch_status(config.data_dir, fetch).ok());
  RunningServer server(config);
  const auto m = scrape(server);
  using namespace std::chrono;
  const auto success = date::sys_days{date::year{2025} / 3 / 31} + hours{5} + minutes{10};
  const double expected = duration<double>(system_clock::now() - success).count();
  CHECK(m.at("arxiv_triage_last_fetch_success_age_seconds") ==
        doctest::Approx(expected).epsilon(0.01));
}

TEST_CASE("label values with quotes and backslashes are escaped in the exposition") {
  RunningServer server(fortnight_config());
  // A method arrives from the client verbatim; httplib refuses it but the request is counted.
  httplib::Request req;
  req.method = "GE\"T\\";
  req.path = "/api/v1/healthz";
  httplib::Response res;
  httplib::Error error;
  auto client = server.client();
  client.send(req, res, error);
  const std::string series = "arxiv_triage_http_requests_total{route=\"" +
                             std::string("GE\\\"T\\\\ ") + "other\",status=\"400\"}";
  CHECK(count_when_settled(server, series, 1) == 1);
}

TEST_CASE("request paths map to a small set of routes, never to ids, names or addresses") {
  struct Case {
    const char* method;
    const char* path;
    const char* route;
  };
  const Case cases[] = {
      {"GET", "/", "GET /"},
      {"GET", "/search", "GET /search"},
      {"GET", "/paper/2503.18646", "GET /paper/{id}"},
      {"GET", "/profiles/nas", "GET /profiles/{name}"},
      {"GET", "/metrics", "GET /metrics"},
      {"POST", "/unsubscribe", "POST /unsubscribe"},
      {"GET", "/static/katex/fonts/KaTeX_Main-Regular.woff2", "GET /static/*"},
      {"GET", "/feeds/nas.atom", "GET /feeds/{profile}.atom"},
      {"GET", "/api/v1/digest", "GET /api/v1/digest"},
      {"GET", "/api/v1/openapi.json", "GET /api/v1/openapi.json"},
      {"GET", "/api/v1/papers/2503.18646v2", "GET /api/v1/papers/{id}"},
      {"GET", "/api/v1/papers/hep-th/9901001", "GET /api/v1/papers/{id}"},
      {"PUT", "/api/v1/profiles/nas", "PUT /api/v1/profiles/{name}"},
      {"POST", "/api/v1/profiles/nas/feedback", "POST /api/v1/profiles/{name}/feedback"},
      {"GET", "/api/v1/profiles/nas/suggestions", "GET /api/v1/profiles/{name}/suggestions"},
      {"DELETE", "/api/v1/subscribers/a@example.org", "DELETE /api/v1/subscribers/{email}"},
      {"GET", "/api/v1/papers/", "GET other"},
      {"GET", "/api/v1/Digest", "GET other"},
      {"GET", "/search/", "GET other"},
      {"GET", "/nowhere/at/all", "GET other"},
      {"GET", "/profiles/nas/extra", "GET other"},
      {"GET", "", "GET other"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CHECK(Metrics::route_of(c.method, c.path) == c.route);
  }
}

}  // namespace arxiv
