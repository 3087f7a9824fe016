#include "server/openapi.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/server/openapi_check.h"
#include "tests/server/running_server.h"

namespace arxiv {

using nlohmann::json;
using testing::body_of;
using testing::check_response;
using testing::document_problems;
using testing::documented_operations;
using testing::fortnight_config;
using testing::private_fortnight_config;
using testing::RunningServer;
using testing::schema_errors;
using testing::TempDir;

namespace {

namespace fs = std::filesystem;

const std::string kToken = "openapi-token-0123456789abcdef";

const httplib::Headers kAuth = testing::bearer(kToken);
const std::string kForm = "application/x-www-form-urlencoded";
const std::string kGraphs =
    R"({"name": "graph-learning", "title": "Graph learning", "query": "\"graph neural network\""})";

fs::path openapi_dir() { return ServerConfig{}.web_dir / "openapi"; }

json load_document() {
  auto doc = load_openapi(openapi_dir());
  REQUIRE_MESSAGE(doc.ok(), doc.error().message);
  return std::move(doc).value();
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

// A copy of the real fragments in `dir`, for documents made broken on purpose.
fs::path copy_of_fragments(const TempDir& dir) {
  const fs::path copy = dir.path() / "openapi";
  fs::create_directories(copy);
  for (const auto& entry : fs::directory_iterator(openapi_dir()))
    fs::copy_file(entry.path(), copy / entry.path().filename());
  return copy;
}

// The servers the table's requests go to: each shows one kind of answer.
enum class On {
  kFixture,    // the shared fortnight fixture, reads open
  kLocked,     // reads need the token
  kLimited,    // loopback rate limited, budget spent
  kEmpty,      // a data directory without an index
  kDamaged,    // status.json is damaged
  kBrokenDoc,  // the OpenAPI fragments define a path twice
  kPrivate     // a writable copy of the fixture, with kToken for writes
};

struct Servers {
  TempDir empty_dir, damaged_dir, broken_web, private_dir;
  std::map<On, std::unique_ptr<RunningServer>> by_kind;

  Servers() {
    ServerConfig locked = fortnight_config();
    locked.token = kToken;
    locked.token_for_reads = true;
    ServerConfig limited = fortnight_config();
    limited.rate_limit_loopback = true;
    limited.rate_burst = 1;
    limited.rate_per_second = 0.001;
    ServerConfig empty;
    empty.data_dir = empty_dir.path();
    ServerConfig damaged = private_fortnight_config(damaged_dir, kToken);
    write(damaged.data_dir / "status.json", "{\"recent\": [");
    ServerConfig broken = fortnight_config();
    broken.web_dir = broken_web.path();
    write(copy_of_fragments(broken_web) / "zz-duplicate.json",
          R"({"paths": {"/api/v1/status": {}}})");
    for (auto [kind, config] : {std::pair{On::kFixture, fortnight_config()},
                                {On::kLocked, locked},
                                {On::kLimited, limited},
                                {On::kEmpty, empty},
                                {On::kDamaged, damaged},
                                {On::kBrokenDoc, broken},
                                {On::kPrivate, private_fortnight_config(private_dir, kToken)}})
      by_kind[kind] = std::make_unique<RunningServer>(config);
    // The limited server's whole budget.
    REQUIRE(by_kind[On::kLimited]->get("/api/v1/healthz")->status == 200);
  }
  const RunningServer& operator[](On kind) { return *by_kind.at(kind); }
};

struct Call {
  On on;
  std::string method;
  std::string path;
  std::string path_template;
  int status;
  std::string contains;  // text the body must hold: real content, not only a shape
  httplib::Headers headers = {};
  std::string body = "";
  std::string type = "application/json";
};

httplib::Result send(const RunningServer& server, const Call& call) {
  auto client = server.client();
  const char* path = call.path.c_str();
  if (call.method == "POST") return client.Post(path, call.headers, call.body, call.type.c_str());
  if (call.method == "PUT") return client.Put(path, call.headers, call.body, call.type.c_str());
  if (call.method == "DELETE") return client.Delete(path, call.headers);
  return client.Get(path, call.headers);
}

// Every request the API table makes; each endpoint with its answers, errors included.
std::vector<Call> api_calls(Servers& servers) {
  const std::string etag = servers[On::kFixture].get("/feeds/nas.atom")->get_header_value("ETag");
  return {
      {On::kFixture, "GET", "/api/v1/healthz", "/api/v1/healthz", 200, "ok"},
      {On::kLimited, "GET", "/api/v1/healthz", "/api/v1/healthz", 429, "rate_limited"},

      {On::kFixture, "GET", "/api/v1/days", "/api/v1/days", 200, "2025-03-18"},
      {On::kLocked, "GET", "/api/v1/days", "/api/v1/days", 401, "unauthorized"},
      {On::kLimited, "GET", "/api/v1/days", "/api/v1/days", 429, "rate_limited"},
      {On::kEmpty, "GET", "/api/v1/days", "/api/v1/days", 404, "import"},

      {On::kFixture, "GET", "/api/v1/digest?date=2025-03-25&profile=nas&limit=3", "/api/v1/digest",
       200, "\"nas\""},
      {On::kFixture, "GET", "/api/v1/digest", "/api/v1/digest", 200, "2025-03-31"},
      {On::kFixture, "GET", "/api/v1/digest?date=2025-03-22", "/api/v1/digest", 200,
       "\"announced\":0"},
      {On::kFixture, "GET", "/api/v1/digest?date=2025-13-45", "/api/v1/digest", 400, "date"},
      {On::kFixture, "GET", "/api/v1/digest?limit=abc", "/api/v1/digest", 400, "limit"},
      {On::kFixture, "GET", "/api/v1/digest?profile=nobody", "/api/v1/digest", 400, "nobody"},
      {On::kLocked, "GET", "/api/v1/digest", "/api/v1/digest", 401, "unauthorized"},
      {On::kLimited, "GET", "/api/v1/digest", "/api/v1/digest", 429, "rate_limited"},
      {On::kEmpty, "GET", "/api/v1/digest", "/api/v1/digest", 404, "not_found"},

      {On::kFixture, "GET", "/api/v1/status", "/api/v1/status", 200,
       "\"newest_day\":\"2025-03-31\""},
      {On::kLocked, "GET", "/api/v1/status", "/api/v1/status", 401, "unauthorized"},
      {On::kLimited, "GET", "/api/v1/status", "/api/v1/status", 429, "rate_limited"},
      {On::kEmpty, "GET", "/api/v1/status", "/api/v1/status", 200, "\"papers\":0"},
      {On::kDamaged, "GET", "/api/v1/status", "/api/v1/status", 500, "status.json"},

      {On::kFixture, "GET", "/metrics", "/metrics", 200, "arxiv_triage_index_papers"},
      {On::kLocked, "GET", "/metrics", "/metrics", 401, "unauthorized"},
      {On::kLimited, "GET", "/metrics", "/metrics", 429, "rate_limited"},
      {On::kDamaged, "GET", "/metrics", "/metrics", 500, "status.json"},

      {On::kFixture, "GET", "/feeds/nas.atom", "/feeds/{profile}.atom", 200, "<feed"},
      {On::kFixture,
       "GET",
       "/feeds/nas.atom",
       "/feeds/{profile}.atom",
       304,
       "",
       {{"If-None-Match", etag}}},
      {On::kFixture, "GET", "/feeds/nobody.atom", "/feeds/{profile}.atom", 404, "nobody"},
      {On::kLocked, "GET", "/feeds/nas.atom", "/feeds/{profile}.atom", 401, "unauthorized"},
      {On::kLimited, "GET", "/feeds/nas.atom", "/feeds/{profile}.atom", 429, "rate_limited"},
      {On::kEmpty, "GET", "/feeds/nas.atom", "/feeds/{profile}.atom", 404, "import"},

      {On::kFixture, "GET", "/api/v1/openapi.json", "/api/v1/openapi.json", 200, "/api/v1/status"},
      {On::kLocked, "GET", "/api/v1/openapi.json", "/api/v1/openapi.json", 401, "unauthorized"},
      {On::kLimited, "GET", "/api/v1/openapi.json", "/api/v1/openapi.json", 429, "rate_limited"},
      {On::kBrokenDoc, "GET", "/api/v1/openapi.json", "/api/v1/openapi.json", 500,
       "zz-duplicate.json"},

      {On::kFixture, "GET", "/api/v1/papers?q=neural%20architecture%20search&per_page=5",
       "/api/v1/papers", 200, "\"total\""},
      {On::kFixture, "GET", "/api/v1/papers?profile=nas&from=2025-03-24&to=2025-03-25&cat=cs.LG",
       "/api/v1/papers", 200, "cs.LG"},
      {On::kFixture, "GET", "/api/v1/papers?q=robustness&format=bibtex", "/api/v1/papers", 200,
       "@misc{"},
      {On::kFixture, "GET", "/api/v1/papers", "/api/v1/papers", 400, "invalid_input"},
      {On::kFixture, "GET", "/api/v1/papers?q=x&page=0", "/api/v1/papers", 400, "page"},
      {On::kLocked, "GET", "/api/v1/papers?q=x", "/api/v1/papers", 401, "unauthorized"},
      {On::kLimited, "GET", "/api/v1/papers?q=x", "/api/v1/papers", 429, "rate_limited"},
      {On::kEmpty, "GET", "/api/v1/papers?q=x", "/api/v1/papers", 404, "not_found"},

      {On::kFixture, "GET", "/api/v1/papers/2503.18360", "/api/v1/papers/{id}", 200, "J&H"},
      {On::kFixture, "GET", "/api/v1/papers/2503.18360?format=bibtex", "/api/v1/papers/{id}", 200,
       "2503.18360"},
      {On::kFixture, "GET", "/api/v1/papers/not-an-id", "/api/v1/papers/{id}", 400, "not-an-id"},
      {On::kFixture, "GET", "/api/v1/papers/2501.99999", "/api/v1/papers/{id}", 404, "2501.99999"},
      {On::kLocked, "GET", "/api/v1/papers/2503.18360", "/api/v1/papers/{id}", 401, "unauthorized"},
      {On::kLimited, "GET", "/api/v1/papers/2503.18360", "/api/v1/papers/{id}", 429,
       "rate_limited"},

      // Profiles, in an order that writes before it reads back.
      {On::kPrivate, "GET", "/api/v1/profiles", "/api/v1/profiles", 200, "\"nas\""},
      {On::kPrivate, "POST", "/api/v1/profiles", "/api/v1/profiles", 201, "graph-learning", kAuth,
       kGraphs},
      {On::kPrivate, "POST", "/api/v1/profiles", "/api/v1/profiles", 409, "graph-learning", kAuth,
       kGraphs},
      {On::kPrivate,
       "POST",
       "/api/v1/profiles",
       "/api/v1/profiles",
       401,
       "unauthorized",
       {},
       kGraphs},
      {On::kPrivate, "GET", "/api/v1/profiles/graph-learning", "/api/v1/profiles/{name}", 200,
       "graph neural network"},
      {On::kPrivate, "GET", "/api/v1/profiles/nobody", "/api/v1/profiles/{name}", 404, "nobody"},
      {On::kPrivate, "PUT", "/api/v1/profiles/graph-learning", "/api/v1/profiles/{name}", 200,
       "message passing", kAuth, R"({"query": "\"message passing\""})"},
      {On::kPrivate, "PUT", "/api/v1/profiles/graph-learning", "/api/v1/profiles/{name}", 400,
       "invalid_input", kAuth, R"({"query": "x", "limit": 0})"},
      {On::kPrivate, "POST", "/api/v1/profiles/nas/feedback", "/api/v1/profiles/{name}/feedback",
       200, "2503.18360", kAuth, R"({"id": "2503.18360", "verdict": "like"})"},
      {On::kPrivate, "POST", "/api/v1/profiles/nas/feedback", "/api/v1/profiles/{name}/feedback",
       400, "verdict", kAuth, R"({"id": "2503.18360", "verdict": "love"})"},
      {On::kPrivate, "GET", "/api/v1/profiles/nas/feedback", "/api/v1/profiles/{name}/feedback",
       200, "2503.18360"},
      {On::kPrivate, "GET", "/api/v1/profiles/nas/suggestions?limit=3",
       "/api/v1/profiles/{name}/suggestions", 200, "\"terms\""},
      {On::kPrivate, "GET", "/api/v1/profiles/nas/suggestions?limit=0",
       "/api/v1/profiles/{name}/suggestions", 400, "limit"},
      {On::kPrivate, "DELETE", "/api/v1/profiles/graph-learning", "/api/v1/profiles/{name}", 204,
       "", kAuth},
      {On::kPrivate, "DELETE", "/api/v1/profiles/graph-learning", "/api/v1/profiles/{name}", 404,
       "graph-learning", kAuth},
      {On::kPrivate, "POST", "/login", "/login", 303, "", {}, "token=" + kToken, kForm},
      {On::kPrivate,
       "POST",
       "/login",
       "/login",
       401,
       "unauthorized",
       {},
       "token=guess-guess-guess",
       kForm},
      {On::kPrivate, "POST", "/logout", "/logout", 303, "", {}, "", kForm},

      // Subscribers, written before they are read back and removed.
      {On::kPrivate, "POST", "/api/v1/subscribers", "/api/v1/subscribers", 201, "ada@example.org",
       kAuth, R"({"email": "ada@example.org", "profiles": ["nas"]})"},
      {On::kPrivate, "POST", "/api/v1/subscribers", "/api/v1/subscribers", 200, "weekly", kAuth,
       R"({"email": "ada@example.org", "profiles": ["nas"], "cadence": "weekly"})"},
      {On::kPrivate, "POST", "/api/v1/subscribers", "/api/v1/subscribers", 400, "knitting", kAuth,
       R"({"email": "ada@example.org", "profiles": ["knitting"]})"},
      {On::kPrivate,
       "POST",
       "/api/v1/subscribers",
       "/api/v1/subscribers",
       401,
       "unauthorized",
       {},
       R"({"email": "ada@example.org", "profiles": ["nas"]})"},
      {On::kPrivate, "GET", "/api/v1/subscribers", "/api/v1/subscribers", 200, "ada@example.org",
       kAuth},
      {On::kFixture, "GET", "/api/v1/subscribers", "/api/v1/subscribers", 401, "unauthorized"},
      {On::kLimited, "GET", "/api/v1/subscribers", "/api/v1/subscribers", 429, "rate_limited"},
      {On::kPrivate, "DELETE", "/api/v1/subscribers/ada@example.org", "/api/v1/subscribers/{email}",
       204, "", kAuth},
      {On::kPrivate, "DELETE", "/api/v1/subscribers/ada@example.org", "/api/v1/subscribers/{email}",
       404, "ada@example.org", kAuth},
      {On::kPrivate, "DELETE", "/api/v1/subscribers/ada@example.org", "/api/v1/subscribers/{email}",
       401, "unauthorized"},
      {On::kPrivate, "GET", "/unsubscribe?token=" + std::string(64, 'a'), "/unsubscribe", 404,
       "not valid"},
      {On::kLimited, "GET", "/unsubscribe?token=x", "/unsubscribe", 429, "rate_limited"},
      {On::kPrivate,
       "POST",
       "/unsubscribe?token=" + std::string(64, 'a'),
       "/unsubscribe",
       404,
       "not_found",
       {},
       "List-Unsubscribe=One-Click",
       kForm},
      {On::kPrivate,
       "POST",
       "/unsubscribe?token=x",
       "/unsubscribe",
       400,
       "One-Click",
       {},
       "",
       kForm},
  };
}

}  // namespace

TEST_CASE("the merged OpenAPI document is well formed and served as it is on disk") {
  const json doc = load_document();
  const auto problems = document_problems(doc);
  INFO(json(problems).dump(1));
  CHECK(problems.empty());
  for (const char* path : {"/api/v1/status", "/metrics", "/api/v1/healthz", "/api/v1/days",
                           "/api/v1/digest", "/feeds/{profile}.atom", "/api/v1/openapi.json"})
    CHECK_MESSAGE(doc["paths"].contains(path), path);
  CHECK(doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer");

  RunningServer server(fortnight_config());
  json served = body_of(server.get("/api/v1/openapi.json"));
  CHECK_FALSE(served["info"]["version"].get<std::string>().empty());
  served["info"]["version"] = doc["info"]["version"];
  CHECK(served == doc);
}

TEST_CASE(
    "fragments that clash or hold more than paths and schemas are refused, naming the files") {
  struct Case {
    const char* name;
    const char* file;
    const char* text;
    std::vector<std::string> named;  // what the message must mention
  };
  const Case cases[] = {
      {"a path defined twice",
       "zz-extra.json",
       R"({"paths": {"/api/v1/digest": {}}})",
       {"zz-extra.json", "digest.json", "/api/v1/digest"}},
      {"a schema defined twice",
       "zz-extra.json",
       R"({"components": {"schemas": {"Error": {}}}})",
       {"zz-extra.json", "base.json", "Error"}},
      {"a fragment with its own info",
       "zz-extra.json",
       R"({"info": {"title": "x"}})",
       {"zz-extra.json", "info"}},
      {"a fragment adding security schemes",
       "zz-extra.json",
       R"({"components": {"securitySchemes": {}}})",
       {"zz-extra.json", "securitySchemes"}},
      {"a fragment that is not JSON", "zz-extra.json", R"({"paths": )", {"zz-extra.json"}},
      {"a fragment that is an array", "zz-extra.json", "[]", {"zz-extra.json"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    TempDir dir;
    const fs::path copy = copy_of_fragments(dir);
    write(copy / c.file, c.text);
    auto doc = load_openapi(copy);
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code == ErrorCode::kInvalidInput);
    for (const auto& part : c.named) CHECK(doc.error().message.find(part) != std::string::npos);
  }
  TempDir nothing;
  auto missing = load_openapi(nothing.path());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("base.json") != std::string::npos);
}

TEST_CASE("the schema check names the JSON path of every mismatch") {
  const json doc = load_document();
  const json error_ref = {{"$ref", "#/components/schemas/Error"}};
  const json days_ref = {{"$ref", "#/components/schemas/DayList"}};
  struct Case {
    json schema;
    json value;
    std::string expected;  // "" = matches
  };
  const Case cases[] = {
      {error_ref, {{"error", {{"code", "not_found"}, {"message", "no"}}}}, ""},
      {error_ref, {{"error", {{"code", "not_found"}}}}, "$.error: required property 'message'"},
      {error_ref, {{"error", {{"code", "teapot"}, {"message", "no"}}}}, "$.error.code: \"teapot\""},
      {error_ref,
       {{"error", {{"code", "not_found"}, {"message", 5}}}},
       "$.error.message: expected string, got integer"},
      {error_ref,
       {{"error", {{"code", "not_found"}, {"message", "x"}}}, {"extra", 1}},
       "$.extra: property not in the schema"},
      {days_ref,
       {{"days", {{{"date", "2025-03-18"}, {"papers", 1.5}}}}},
       "$.days[0].papers: expected integer, got number"},
      {days_ref, {{"days", json::object()}}, "$.days: expected array"},
      {{{"type", "number"}}, 3, ""},
      {{{"type", "string"}, {"nullable", true}}, nullptr, ""},
      {{{"type", "string"}}, nullptr, "$: expected string, got null"},
      {{{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}},
       {{"a", "b"}},
       "$.a: expected integer"},
      {{{"$ref", "#/components/schemas/Nope"}}, 1, "$ref \"#/components/schemas/Nope\" is unknown"},
      {{{"type", "string"}, {"pattern", "x"}}, "x", "unsupported schema keyword 'pattern'"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value.dump());
    const auto errors = schema_errors(doc, c.schema, c.value);
    if (c.expected.empty()) {
      CHECK(errors.empty());
    } else {
      REQUIRE(errors.size() == 1);
      CHECK_MESSAGE(errors[0].find(c.expected) != std::string::npos, errors[0]);
    }
  }
}

TEST_CASE("every endpoint answers as its OpenAPI document says, errors included") {
  Servers servers;
  const json doc = body_of(servers[On::kFixture].get("/api/v1/openapi.json"));
  for (const Call& call : api_calls(servers)) {
    CAPTURE(call.path);
    CAPTURE(call.status);
    auto r = send(servers[call.on], call);
    REQUIRE(r);
    CHECK(r->status == call.status);
    CHECK_MESSAGE(r->body.find(call.contains) != std::string::npos, r->body.substr(0, 300));
    check_response(doc, call.method, call.path_template, r);
  }
}

TEST_CASE("every documented operation is exercised by the endpoint table") {
  Servers servers;
  std::set<std::string> exercised;
  for (const Call& call : api_calls(servers))
    exercised.insert(call.method + " " + call.path_template);
  std::vector<std::string> missing;
  for (const auto& op : documented_operations(load_document()))
    if (!exercised.count(op)) missing.push_back(op);
  INFO(json(missing).dump());
  CHECK(missing.empty());
}

}  // namespace arxiv
