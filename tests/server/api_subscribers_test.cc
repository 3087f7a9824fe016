#include <doctest/doctest.h>
#include <httplib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "index/subscriber_store.h"
#include "server/openapi.h"
#include "server/pages.h"
#include "tests/server/openapi_check.h"
#include "tests/server/page_check.h"
#include "tests/server/running_server.h"

namespace arxiv {

using nlohmann::json;
using testing::bearer;
using testing::body_of;
using testing::check_response;
using testing::escaped;
using testing::has;
using testing::page;
using testing::private_fortnight_config;
using testing::RunningServer;
using testing::TempDir;

namespace {

const std::string kToken = "subscriber-token-0123456789abcdef";
const auto kAuth = bearer(kToken);
const std::string kForm = "application/x-www-form-urlencoded";
const std::string kOneClick = "List-Unsubscribe=One-Click";

// A server over a private copy of the fortnight fixture, and the subscriber store beside it.
struct Service {
  TempDir dir;
  ServerConfig config;
  std::unique_ptr<RunningServer> server;
  SystemClock clock;

  explicit Service(bool token_for_reads = false) {
    config = private_fortnight_config(dir, kToken);
    config.token_for_reads = token_for_reads;
    server = std::make_unique<RunningServer>(config);
  }
  const RunningServer& operator*() const { return *server; }
  const RunningServer* operator->() const { return server.get(); }

  json subscribe(const json& body, int status) const {
    auto r = server->post("/api/v1/subscribers", body.dump(), kAuth);
    REQUIRE(r);
    CHECK(r->status == status);
    return body_of(r);
  }
  json listed() const { return body_of(server->get("/api/v1/subscribers", kAuth))["subscribers"]; }
  SubscriberStore store() {
    auto s = SubscriberStore::open(config.data_dir, clock);
    REQUIRE_MESSAGE(s.ok(), s.error().message);
    return std::move(s).value();
  }
  std::string token_of(const std::string& email) {
    auto found = store().find(email);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    return (*found)->token;
  }
  httplib::Result one_click(const std::string& token, const httplib::Headers& headers = {}) const {
    return server->client().Post(("/unsubscribe?token=" + token).c_str(), headers, kOneClick,
                                 kForm.c_str());
  }
};

}  // namespace

TEST_CASE("a subscriber is added, changed, listed and removed through HTTP, as in the store") {
  Service service;
  json ada = service.subscribe(
      {{"email", "Ada@Example.ORG"}, {"profiles", {"nas", "compositionality"}}}, 201);
  CHECK(ada["email"] == "Ada@example.org");
  CHECK(ada["profiles"] == json({"nas", "compositionality"}));
  CHECK(ada["cadence"] == "daily");
  CHECK_FALSE(ada.contains("token"));
  const std::string token = service.token_of("ada@example.org");

  auto changed = service->post(
      "/api/v1/subscribers",
      json{{"email", "ada@example.org"}, {"profiles", {"sparse-modular"}}, {"cadence", "weekly"}}
          .dump(),
      kAuth);
  REQUIRE(changed);
  CHECK(changed->status == 200);
  CHECK_FALSE(changed->has_header("Location"));
  CHECK(body_of(changed)["cadence"] == "weekly");
  CHECK(service.token_of("ada@example.org") == token);

  auto created =
      service->post("/api/v1/subscribers",
                    json{{"email", "o/brien@example.ie"}, {"profiles", {"nas"}}}.dump(), kAuth);
  REQUIRE(created);
  CHECK(created->status == 201);
  // cpp-httplib's client decodes header values; the server sends o%2Fbrien%40example.ie.
  CHECK(created->get_header_value("Location") == "/api/v1/subscribers/o/brien@example.ie");

  json all = service.listed();
  REQUIRE(all.size() == 2);
  CHECK(all[0]["email"] == "Ada@example.org");
  CHECK(all[0]["profiles"] == json({"sparse-modular"}));
  CHECK(all[1]["email"] == "o/brien@example.ie");
  CHECK(service.store().list().value().size() == 2);

  // An address percent-encoded, or in another case, names its subscriber.
  for (const std::string path :
       {"/api/v1/subscribers/o%2Fbrien%40example.ie", "/api/v1/subscribers/ADA@example.org"}) {
    CAPTURE(path);
    auto gone = service->del(path, kAuth);
    REQUIRE(gone);
    CHECK(gone->status == 204);
    auto again = service->del(path, kAuth);
    REQUIRE(again);
    CHECK(again->status == 404);
    CHECK(body_of(again)["error"]["code"] == "not_found");
  }
  CHECK(service.listed().empty());
  CHECK(service.store().list().value().empty());
}

TEST_CASE("bad subscribe requests get a 400 naming the problem and store nothing") {
  Service service;
  struct Case {
    std::string body;
    std::string named;  // what the message must mention
  };
  const std::vector<Case> cases = {
      {"not json", "JSON"},
      {"[]", "object"},
      {R"({"profiles": ["nas"]})", "email"},
      {R"({"email": 5, "profiles": ["nas"]})", "email"},
      {R"({"email": "a@b.c\r\nBcc: x@y.z", "profiles": ["nas"]})", "a@b.c\\x0d\\x0aBcc: x@y.z"},
      {R"({"email": "Ada <ada@example.org>", "profiles": ["nas"]})", "e-mail address"},
      {R"({"email": "ada@example.org, eve@example.org", "profiles": ["nas"]})", "e-mail address"},
      {R"({"email": "ada@example.org"})", "profiles"},
      {R"({"email": "ada@example.org", "profiles": []})", "profiles"},
      {R"({"email": "ada@example.org", "profiles": "nas"})", "profiles"},
      {R"({"email": "ada@example.org", "profiles": ["nas", 3]})", "profiles"},
      {R"({"email": "ada@example.org", "profiles": ["nas", "knitting", "tea"]})",
       "'knitting', 'tea'"},
      {R"({"email": "ada@example.org", "profiles": ["nas"], "cadence": "monthly"})", "monthly"},
      {R"({"email": "ada@example.org", "profiles": ["nas"], "token": "x"})", "token"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto r = service->post("/api/v1/subscribers", c.body, kAuth);
    REQUIRE(r);
    CHECK(r->status == 400);
    const json error = body_of(r)["error"];
    CHECK(error["code"] == "invalid_input");
    CHECK_MESSAGE(error["message"].get<std::string>().find(c.named) != std::string::npos,
                  error["message"]);
  }
  CHECK_FALSE(std::filesystem::exists(subscribers_path(service.config.data_dir)));
  CHECK(service.listed().empty());
}

TEST_CASE("changing and listing subscribers need the API token, even where reads are open") {
  Service service;
  const std::string body = json{{"email", "ada@example.org"}, {"profiles", {"nas"}}}.dump();
  for (const httplib::Headers& headers : {httplib::Headers{}, bearer("not-the-token-at-all")}) {
    auto post = service->post("/api/v1/subscribers", body, headers);
    auto list = service->get("/api/v1/subscribers", headers);
    auto del = service->del("/api/v1/subscribers/ada@example.org", headers);
    for (const auto* r : {&post, &list, &del}) {
      REQUIRE(*r);
      CHECK((*r)->status == 401);
      CHECK((*r)->get_header_value("WWW-Authenticate").find("Bearer") == 0);
    }
  }
  CHECK_FALSE(std::filesystem::exists(subscribers_path(service.config.data_dir)));
}

TEST_CASE("the unsubscribe link shows a confirmation page, and its one-click POST unsubscribes") {
  Service service;
  service.subscribe({{"email", "ada@example.org"}, {"profiles", {"nas"}}}, 201);
  service.subscribe({{"email", "bob@example.org"}, {"profiles", {"nas"}}}, 201);
  const std::string token = service.token_of("ada@example.org");

  auto shown = service->get("/unsubscribe?token=" + token);
  REQUIRE(shown);
  CHECK(shown->status == 200);
  CHECK(shown->get_header_value("Content-Security-Policy") == pages::kContentSecurityPolicy);
  const std::string html = page(*service, "/unsubscribe?token=" + token);
  CHECK(has(html, escaped("ada@example.org")));
  CHECK(testing::attribute(html, "action") == "/unsubscribe?token=" + token);
  CHECK(has(html, R"(name="List-Unsubscribe" value="One-Click")"));
  // Opening the link (a mail scanner may) changes nothing.
  CHECK(service.listed().size() == 2);

  auto no_body = service->client().Post(("/unsubscribe?token=" + token).c_str(), "", kForm.c_str());
  REQUIRE(no_body);
  CHECK(no_body->status == 400);
  CHECK(service.listed().size() == 2);

  // As a mail client sends it: no API token, no cookie.
  auto removed = service.one_click(token);
  REQUIRE(removed);
  CHECK(removed->status == 200);
  CHECK(body_of(removed) == json{{"unsubscribed", "ada@example.org"}});
  json left = service.listed();
  REQUIRE(left.size() == 1);
  CHECK(left[0]["email"] == "bob@example.org");
  CHECK_FALSE(service.store().find("ada@example.org").value().has_value());

  auto twice = service.one_click(token);
  REQUIRE(twice);
  CHECK(twice->status == 404);
  CHECK(body_of(twice)["error"]["code"] == "not_found");
  CHECK(has(page(*service, "/unsubscribe?token=" + token, 404), "not valid"));
}

TEST_CASE("one-click unsubscribe takes a multipart body, and a browser gets a page") {
  Service service(/*token_for_reads=*/true);
  service.subscribe({{"email", "ada@example.org"}, {"profiles", {"nas"}}}, 201);
  service.subscribe({{"email", "bob@example.org"}, {"profiles", {"nas"}}}, 201);
  const std::string ada = service.token_of("ada@example.org");
  const std::string bob = service.token_of("bob@example.org");
  // Reads need the token on this server, but the link's page does not.
  CHECK(has(page(*service, "/unsubscribe?token=" + ada), escaped("ada@example.org")));

  const httplib::MultipartFormDataItems form = {{"List-Unsubscribe", "One-Click", "", ""}};
  auto multipart = service->client().Post(("/unsubscribe?token=" + ada).c_str(), form);
  REQUIRE(multipart);
  CHECK(multipart->status == 200);
  CHECK(body_of(multipart)["unsubscribed"] == "ada@example.org");

  auto browser = service.one_click(bob, {{"Accept", "text/html,application/xhtml+xml"}});
  REQUIRE(browser);
  CHECK(browser->status == 200);
  CHECK(browser->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(has(browser->body, "Unsubscribed"));
  CHECK(has(browser->body, escaped("bob@example.org")));
  CHECK(service.listed().empty());

  auto unknown = service.one_click(std::string(64, 'a'), {{"Accept", "text/html"}});
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(unknown->get_header_value("Content-Type").find("text/html") == 0);
}

TEST_CASE("every subscriber and unsubscribe answer is as the OpenAPI document says") {
  auto doc = load_openapi(ServerConfig{}.web_dir / "openapi");
  REQUIRE_MESSAGE(doc.ok(), doc.error().message);
  Service open, locked(/*token_for_reads=*/true);
  const std::string list = "/api/v1/subscribers", one = "/api/v1/subscribers/{email}";
  const std::string ada = json{{"email", "ada@example.org"}, {"profiles", {"nas"}}}.dump();
  const std::string bad = json{{"email", "ada@example.org"}, {"profiles", {"knitting"}}}.dump();
  auto client = open->client();
  auto check = [&](const std::string& method, const std::string& path_template,
                   const httplib::Result& r, int status) {
    CAPTURE(method);
    CAPTURE(path_template);
    REQUIRE(r);
    CHECK(r->status == status);
    check_response(doc.value(), method, path_template, r);
  };
  check("POST", list, open->post(list, ada, kAuth), 201);
  check("POST", list, open->post(list, ada, kAuth), 200);
  check("POST", list, open->post(list, bad, kAuth), 400);
  check("POST", list, open->post(list, ada), 401);
  check("GET", list, open->get(list, kAuth), 200);
  check("GET", list, open->get(list), 401);
  check("GET", list, locked->get(list), 401);
  const std::string token = open.token_of("ada@example.org");
  check("GET", "/unsubscribe", open->get("/unsubscribe?token=" + token), 200);
  check("GET", "/unsubscribe", open->get("/unsubscribe?token=nope"), 404);
  check("POST", "/unsubscribe",
        client.Post(("/unsubscribe?token=" + token).c_str(), "x=y", kForm.c_str()), 400);
  check("POST", "/unsubscribe", open.one_click(token), 200);
  check("POST", "/unsubscribe", open.one_click(token), 404);
  check("POST", "/unsubscribe", open.one_click(token, {{"Accept", "text/html"}}), 404);
  check("POST", list, open->post(list, ada, kAuth), 201);
  check("DELETE", one, open->del("/api/v1/subscribers/ada@example.org"), 401);
  check("DELETE", one, open->del("/api/v1/subscribers/ada@example.org", kAuth), 204);
  check("DELETE", one, open->del("/api/v1/subscribers/ada@example.org", kAuth), 404);
}

}  // namespace arxiv
