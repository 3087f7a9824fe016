#include <doctest/doctest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "index/profile.h"
#include "server/openapi.h"
#include "tests/index/fixture_index.h"
#include "tests/server/openapi_check.h"
#include "tests/server/running_server.h"

namespace arxiv {

using nlohmann::json;
using testing::bearer;
using testing::body_of;
using testing::check_response;
using testing::fortnight_config;
using testing::private_fortnight_config;
using testing::read_file;
using testing::RunningServer;
using testing::TempDir;

namespace {

const std::string kToken = "test-token-0123456789abcdef";
const auto kAuth = bearer(kToken);

// A profile with every field set away from its default.
const json kGraphLearning = {{"name", "graph-learning"},
                             {"title", "Graph learning"},
                             {"description", "Message passing and graph neural networks."},
                             {"query", "\"graph neural network\" OR \"message passing\""},
                             {"must_have", json::array({"graph"})},
                             {"must_not", json::array({"quantum"})},
                             {"categories", json::array({"cs.LG", "stat.ML"})},
                             {"categories_only", true},
                             {"authors", json::array({"Petar Velickovic"})},
                             {"limit", 7},
                             {"min_score", 0.5}};

}  // namespace

TEST_CASE("profiles are listed with every field, and each reads the same on its own") {
  RunningServer server(fortnight_config());
  auto list = body_of(server.get("/api/v1/profiles"))["profiles"];
  REQUIRE(list.size() == default_profiles().size());
  for (size_t i = 0; i < list.size(); ++i) {
    const Profile& expected = default_profiles()[i];
    const json& p = list[i];
    CAPTURE(expected.name);
    CHECK(p.size() == kGraphLearning.size());
    CHECK(p["name"] == expected.name);
    CHECK(p["title"] == expected.title);
    CHECK(p["description"] == expected.description);
    CHECK(p["query"] == expected.query);
    CHECK(p["must_have"] == expected.must_have);
    CHECK(p["must_not"] == expected.must_not);
    CHECK(p["categories"] == expected.categories);
    CHECK(p["categories_only"] == expected.categories_only);
    CHECK(p["authors"] == expected.authors);
    CHECK(p["limit"] == expected.limit);
    CHECK(p["min_score"] == expected.min_score);
    auto one = server.get("/api/v1/profiles/" + expected.name);
    CHECK(one->status == 200);
    CHECK(body_of(one) == p);
  }
}

TEST_CASE("a profile is created, replaced and deleted through HTTP and in profiles.toml") {
  TempDir dir;
  const auto config = private_fortnight_config(dir, kToken);
  RunningServer server(config);

  auto created = server.post("/api/v1/profiles", kGraphLearning.dump(), kAuth);
  REQUIRE(created);
  CHECK(created->status == 201);
  CHECK(created->get_header_value("Location") == "/api/v1/profiles/graph-learning");
  CHECK(body_of(created) == kGraphLearning);
  CHECK(body_of(server.get("/api/v1/profiles/graph-learning")) == kGraphLearning);
  auto stored = load_or_create_profiles(config.data_dir);
  REQUIRE(stored.ok());
  REQUIRE(stored->size() == default_profiles().size() + 1);
  CHECK(stored->back().name == "graph-learning");
  CHECK(stored->back().authors == std::vector<std::string>{"Petar Velickovic"});
  CHECK(stored->back().min_score == 0.5);

  // PUT replaces the whole profile: fields left out go back to their defaults.
  auto replaced =
      server.put("/api/v1/profiles/graph-learning", R"({"query": "graph", "limit": 3})", kAuth);
  REQUIRE(replaced);
  CHECK(replaced->status == 200);
  auto now = body_of(server.get("/api/v1/profiles/graph-learning"));
  CHECK(now["query"] == "graph");
  CHECK(now["limit"] == 3);
  CHECK(now["categories"].empty());
  CHECK(now["categories_only"] == false);
  auto papers = testing::digest_papers(server, "2025-03-25", "graph-learning");
  CHECK_FALSE(papers.empty());
  CHECK(papers.size() <= 3);

  auto put_new = server.put("/api/v1/profiles/spiking",
                            R"({"name": "spiking", "query": "\"spiking neural\""})", kAuth);
  REQUIRE(put_new);
  CHECK(put_new->status == 201);
  CHECK(put_new->get_header_value("Location") == "/api/v1/profiles/spiking");

  auto deleted = server.del("/api/v1/profiles/graph-learning", kAuth);
  REQUIRE(deleted);
  CHECK(deleted->status == 204);
  CHECK(deleted->body.empty());
  CHECK(server.get("/api/v1/profiles/graph-learning")->status == 404);
  stored = load_or_create_profiles(config.data_dir);
  REQUIRE(stored.ok());
  CHECK(stored->size() == default_profiles().size() + 1);
  CHECK(stored->back().name == "spiking");
  CHECK(stored->front().name == default_profiles().front().name);
}

TEST_CASE("concurrent profile writes are all kept") {
  TempDir dir;
  const auto config = private_fortnight_config(dir, kToken);
  RunningServer server(config);
  constexpr int kWriters = 8;
  std::vector<int> statuses(kWriters, 0);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      const std::string name = "topic-" + std::to_string(i);
      auto r = server.put("/api/v1/profiles/" + name, R"({"query": "graph"})", kAuth);
      statuses[i] = r ? r->status : -1;
    });
  }
  for (auto& w : writers) w.join();
  auto stored = load_or_create_profiles(config.data_dir);
  REQUIRE(stored.ok());
  CHECK(stored->size() == default_profiles().size() + kWriters);
  for (int i = 0; i < kWriters; ++i) {
    CAPTURE(i);
    CHECK(statuses[i] == 201);
    CHECK(server.get("/api/v1/profiles/topic-" + std::to_string(i))->status == 200);
  }
}

TEST_CASE("bad profile and feedback requests get the right JSON error and change nothing") {
  TempDir dir;
  const auto config = private_fortnight_config(dir, kToken);
  RunningServer server(config);
  {
    auto reader = testing::open_fortnight();
    REQUIRE(reader->paper("0704.0001").error().code == ErrorCode::kNotFound);
  }
  REQUIRE(server.get("/api/v1/profiles")->status == 200);
  const std::string before = read_file(config.data_dir / "profiles.toml");
  struct Case {
    const char* method;
    std::string path;
    std::string body;
    int status;
    const char* code;
    const char* mentions;  // in the message
  };
  const std::string nas = "/api/v1/profiles/nas";
  const Case cases[] = {
      {"POST", "/api/v1/profiles", R"({"name": "nas", "query": "x"})", 409, "conflict", "nas"},
      {"POST", "/api/v1/profiles", "not json", 400, "invalid_input", "JSON"},
      {"POST", "/api/v1/profiles", "[1, 2]", 400, "invalid_input", "object"},
      {"POST", "/api/v1/profiles", R"({"query": "x"})", 400, "invalid_input", "'name'"},
      {"POST", "/api/v1/profiles", R"({"name": "", "query": "x"})", 400, "invalid_input", "'name'"},
      {"POST", "/api/v1/profiles", R"({"name": "Bad Name", "query": "x"})", 400, "invalid_input",
       "'name'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "limit": 0})", 400,
       "invalid_input", "'limit'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "limit": "10"})", 400,
       "invalid_input", "'limit'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "limit": 1e12})", 400,
       "invalid_input", "'limit'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "min_score": -1})", 400,
       "invalid_input", "'min_score'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "categories_only": "yes"})", 400,
       "invalid_input", "'categories_only'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "categories": ["cs.LG", 3]})",
       400, "invalid_input", "'categories'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "categories": ["CS LG"]})", 400,
       "invalid_input", "'categories'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "authors": "Hinton"})", 400,
       "invalid_input", "'authors'"},
      {"POST", "/api/v1/profiles", R"({"name": "n", "query": "x", "colour": "red"})", 400,
       "invalid_input", "'colour'"},
      {"POST", "/api/v1/profiles", R"({"name": "n"})", 400, "invalid_input", "'query'"},
      {"PUT", nas, R"({"name": "other", "query": "x"})", 400, "invalid_input", "differs"},
      {"PUT", nas, R"({"query": 5})", 400, "invalid_input", "'query'"},
      {"PUT", "/api/v1/profiles/Bad_Name", R"({"query": "x"})", 400, "invalid_input", "'name'"},
      {"GET", "/api/v1/profiles/nobody", "", 404, "not_found", "nobody"},
      {"DELETE", "/api/v1/profiles/nobody", "", 404, "not_found", "nobody"},
      {"POST", "/api/v1/profiles/nobody/feedback", R"({"id": "2503.17994", "verdict": "like"})",
       404, "not_found", "nobody"},
      {"POST", nas + "/feedback", R"({"id": "0704.0001", "verdict": "like"})", 404, "not_found",
       "0704.0001"},
      {"POST", nas + "/feedback", R"({"id": "2503.17994", "verdict": "love"})", 400,
       "invalid_input", "'verdict'"},
      {"POST", nas + "/feedback", R"({"id": "2503.17994"})", 400, "invalid_input", "'verdict'"},
      {"POST", nas + "/feedback", R"({"id": "not-an-id", "verdict": "like"})", 400, "invalid_input",
       "'id'"},
      {"POST", nas + "/feedback", R"({"id": 2503.17994, "verdict": "like"})", 400, "invalid_input",
       "'id'"},
      {"POST", nas + "/feedback", R"({"verdict": "like"})", 400, "invalid_input", "'id'"},
      {"POST", nas + "/feedback", R"({"id": "2503.17994", "verdict": "like", "why": 1})", 400,
       "invalid_input", "'why'"},
      {"POST", nas + "/feedback", "{", 400, "invalid_input", "JSON"},
      {"GET", "/api/v1/profiles/nobody/feedback", "", 404, "not_found", "nobody"},
      {"GET", "/api/v1/profiles/nobody/suggestions", "", 404, "not_found", "nobody"},
      {"GET", nas + "/suggestions?limit=0", "", 400, "invalid_input", "'limit'"},
      {"GET", nas + "/suggestions?limit=many", "", 400, "invalid_input", "'limit'"},
      {"PATCH", nas, R"({"query": "x"})", 404, "not_found", "no such endpoint"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.method);
    CAPTURE(c.path);
    CAPTURE(c.body);
    const std::string method = c.method;
    httplib::Result r = method == "GET"      ? server.get(c.path)
                        : method == "POST"   ? server.post(c.path, c.body, kAuth)
                        : method == "PUT"    ? server.put(c.path, c.body, kAuth)
                        : method == "DELETE" ? server.del(c.path, kAuth)
                                             : server.client().Patch(c.path.c_str(), kAuth, c.body,
                                                                     "application/json");
    REQUIRE(r);
    CHECK(r->status == c.status);
    auto j = body_of(r);
    CHECK(j["error"]["code"] == c.code);
    const std::string message = j["error"]["message"];
    CHECK_MESSAGE(message.find(c.mentions) != std::string::npos, message);
  }
  CHECK(read_file(config.data_dir / "profiles.toml") == before);
  CHECK_FALSE(std::filesystem::exists(config.data_dir / "feedback.sqlite"));
}

TEST_CASE("a broken profiles.toml is a server error, and no write replaces it") {
  TempDir dir;
  const auto config = private_fortnight_config(dir, kToken);
  const std::string broken = "[[profile]]\nname = \"nas\"\nlimit = \"ten\"\n";
  std::ofstream(config.data_dir / "profiles.toml") << broken;
  RunningServer server(config);
  httplib::Result results[] = {
      server.get("/api/v1/profiles"), server.get("/api/v1/profiles/nas"),
      server.put("/api/v1/profiles/nas", R"({"query": "x"})", kAuth),
      server.post("/api/v1/profiles", R"({"name": "n", "query": "x"})", kAuth),
      server.del("/api/v1/profiles/nas", kAuth)};
  for (const auto& r : results) {
    REQUIRE(r);
    CHECK(r->status == 500);
    auto j = body_of(r);
    CHECK(j["error"]["code"] == "corrupt");
    CHECK(j["error"]["message"].get<std::string>().find("profiles.toml:3") != std::string::npos);
  }
  CHECK(read_file(config.data_dir / "profiles.toml") == broken);
}

TEST_CASE("every profile, feedback and sign-in answer is as the OpenAPI document says") {
  auto doc = load_openapi(ServerConfig{}.web_dir / "openapi");
  REQUIRE_MESSAGE(doc.ok(), doc.error().message);
  TempDir open_dir, locked_dir, limited_dir, small_dir;
  RunningServer open(private_fortnight_config(open_dir, kToken));
  auto locked_config = private_fortnight_config(locked_dir, kToken);
  locked_config.token_for_reads = true;
  RunningServer locked(locked_config);
  auto limited_config = private_fortnight_config(limited_dir, kToken);
  limited_config.rate_limit_loopback = true;
  limited_config.rate_burst = 1;
  limited_config.rate_per_second = 0.001;
  RunningServer limited(limited_config);
  REQUIRE(limited.get("/api/v1/healthz")->status == 200);  // its whole budget
  auto small_config = private_fortnight_config(small_dir, kToken);
  small_config.max_body_bytes = 64;
  RunningServer small(small_config);

  const std::string paper = testing::digest_papers(open, "2025-03-25", "nas")[0]["id"];
  const std::string big = json{{"name", "big"}, {"query", std::string(100, 'x')}}.dump();
  const std::string form = "application/x-www-form-urlencoded";
  const std::string profiles = "/api/v1/profiles", one = "/api/v1/profiles/{name}";
  const std::string fb = "/api/v1/profiles/{name}/feedback";
  const std::string sugg = "/api/v1/profiles/{name}/suggestions";
  const std::string like = json{{"id", paper}, {"verdict", "like"}}.dump();
  struct Call {
    const RunningServer* server;
    std::string method, path, path_template, body;
    bool auth;
    int status;
    std::string type = "application/json";
  };
  const Call calls[] = {
      {&open, "GET", profiles, profiles, "", false, 200},
      {&open, "POST", profiles, profiles, kGraphLearning.dump(), true, 201},
      {&open, "POST", profiles, profiles, kGraphLearning.dump(), true, 409},
      {&open, "POST", profiles, profiles, "[]", true, 400},
      {&open, "POST", profiles, profiles, kGraphLearning.dump(), false, 401},
      {&small, "POST", profiles, profiles, big, true, 413},
      {&locked, "GET", profiles, profiles, "", false, 401},
      {&limited, "GET", profiles, profiles, "", false, 429},
      {&open, "GET", "/api/v1/profiles/graph-learning", one, "", false, 200},
      {&open, "GET", "/api/v1/profiles/nobody", one, "", false, 404},
      {&locked, "GET", "/api/v1/profiles/nas", one, "", false, 401},
      {&open, "PUT", "/api/v1/profiles/graph-learning", one, R"({"query": "graph"})", true, 200},
      {&open, "PUT", "/api/v1/profiles/fresh", one, R"({"query": "graph"})", true, 201},
      {&open, "PUT", "/api/v1/profiles/fresh", one, R"({"name": "stale"})", true, 400},
      {&open, "PUT", "/api/v1/profiles/fresh", one, R"({"query": "graph"})", false, 401},
      {&small, "PUT", "/api/v1/profiles/big", one, big, true, 413},
      {&open, "DELETE", "/api/v1/profiles/fresh", one, "", true, 204},
      {&open, "DELETE", "/api/v1/profiles/fresh", one, "", true, 404},
      {&open, "DELETE", "/api/v1/profiles/nas", one, "", false, 401},
      {&limited, "DELETE", "/api/v1/profiles/nas", one, "", true, 429},
      {&open, "POST", "/api/v1/profiles/nas/feedback", fb, like, true, 200},
      {&open, "POST", "/api/v1/profiles/nas/feedback", fb, R"({"id": "x", "verdict": "like"})",
       true, 400},
      {&open, "POST", "/api/v1/profiles/nas/feedback", fb,
       R"({"id": "0704.0001", "verdict": "like"})", true, 404},
      {&open, "POST", "/api/v1/profiles/nas/feedback", fb, like, false, 401},
      {&small, "POST", "/api/v1/profiles/nas/feedback", fb, big, true, 413},
      {&limited, "POST", "/api/v1/profiles/nas/feedback", fb, like, true, 429},
      {&open, "GET", "/api/v1/profiles/nas/feedback", fb, "", false, 200},
      {&open, "GET", "/api/v1/profiles/nobody/feedback", fb, "", false, 404},
      {&locked, "GET", "/api/v1/profiles/nas/feedback", fb, "", false, 401},
      {&open, "GET", "/api/v1/profiles/nas/suggestions?limit=3", sugg, "", false, 200},
      {&open, "GET", "/api/v1/profiles/nas/suggestions?limit=0", sugg, "", false, 400},
      {&open, "GET", "/api/v1/profiles/nobody/suggestions", sugg, "", false, 404},
      {&locked, "GET", "/api/v1/profiles/nas/suggestions", sugg, "", false, 401},
      {&limited, "GET", "/api/v1/profiles/nas/suggestions", sugg, "", false, 429},
      {&open, "POST", "/login", "/login", "token=" + kToken, false, 303, form},
      {&open, "POST", "/login", "/login", R"({"token": "guess-guess-guess"})", false, 401},
      {&open, "POST", "/login", "/login", "next=%2F", false, 400, form},
      {&small, "POST", "/login", "/login", "token=" + std::string(100, 'x'), false, 413, form},
      {&limited, "POST", "/login", "/login", "token=" + kToken, false, 429, form},
      {&open, "POST", "/logout", "/logout", "", false, 303, form},
      {&limited, "POST", "/logout", "/logout", "", false, 429, form},
  };
  for (const auto& c : calls) {
    CAPTURE(c.method);
    CAPTURE(c.path);
    CAPTURE(c.body);
    const httplib::Headers headers = c.auth ? kAuth : httplib::Headers{};
    auto client = c.server->client();
    httplib::Result r = c.method == "GET"    ? client.Get(c.path.c_str(), headers)
                        : c.method == "POST" ? client.Post(c.path.c_str(), headers, c.body, c.type)
                        : c.method == "PUT"  ? client.Put(c.path.c_str(), headers, c.body, c.type)
                                             : client.Delete(c.path.c_str(), headers);
    REQUIRE(r);
    CHECK(r->status == c.status);
    check_response(doc.value(), c.method, c.path_template, r);
  }
}

}  // namespace arxiv
