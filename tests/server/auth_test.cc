#include "server/auth.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "index/profile.h"
#include "tests/server/running_server.h"

namespace arxiv {

using testing::bearer;
using testing::body_of;
using testing::private_fortnight_config;
using testing::read_file;
using testing::RunningServer;
using testing::TempDir;

namespace {

const std::string kToken = "test-token-0123456789abcdef";
const std::string kNewProfile = R"({"name": "graph-learning", "query": "graph neural network"})";

std::string profiles_file(const ServerConfig& config) {
  return read_file(config.data_dir / "profiles.toml");
}

bool is_hex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The value of the triage_token cookie a response sets, "" when it sets none.
std::string cookie_set_by(const httplib::Result& r) {
  const std::string header = r->get_header_value("Set-Cookie");
  const std::string prefix = std::string(kTokenCookie) + "=";
  if (header.rfind(prefix, 0) != 0) return "";
  return header.substr(prefix.size(), header.find(';') - prefix.size());
}

httplib::Result post_form(const RunningServer& server, const std::string& path,
                          const std::string& form) {
  return server.client().Post(path.c_str(), form, "application/x-www-form-urlencoded");
}

}  // namespace

TEST_CASE("a generated token is 32 random bytes in hex in a private file, made once") {
  TempDir dir;
  const auto data = dir.path() / "data";
  auto first = resolve_token(data, "");
  REQUIRE_MESSAGE(first.ok(), first.error().message);
  CHECK(first->created);
  CHECK(first->file == token_path(data));
  CHECK(first->token.size() == 64);
  CHECK(is_hex(first->token));
  CHECK(read_file(token_path(data)) == first->token + "\n");
  const auto perms = std::filesystem::status(token_path(data)).permissions();
  CHECK(perms == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data)) files += entry.exists();
  CHECK(files == 1);  // no temporary file left behind

  auto again = resolve_token(data, "");
  REQUIRE(again.ok());
  CHECK_FALSE(again->created);
  CHECK(again->token == first->token);

  TempDir other;
  auto elsewhere = resolve_token(other.path(), "");
  REQUIRE(elsewhere.ok());
  CHECK(elsewhere->token != first->token);
}

TEST_CASE("a configured token wins and no token file is written") {
  TempDir dir;
  auto token = resolve_token(dir.path(), kToken);
  REQUIRE(token.ok());
  CHECK(token->token == kToken);
  CHECK(token->file.empty());
  CHECK_FALSE(token->created);
  CHECK_FALSE(std::filesystem::exists(token_path(dir.path())));
}

TEST_CASE("a token file without a usable token is reported and left as it is") {
  const std::string cases[] = {"", "\n", "short\n", "has a space in the middle of it\n",
                               std::string("binary\0binary\0binary\0", 21)};
  for (const auto& bytes : cases) {
    CAPTURE(bytes);
    TempDir dir;
    std::ofstream(token_path(dir.path()), std::ios::binary) << bytes;
    auto token = resolve_token(dir.path(), "");
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == ErrorCode::kCorrupt);
    CHECK(token.error().message.find("api-token") != std::string::npos);
    CHECK(read_file(token_path(dir.path())) == bytes);
  }
}

TEST_CASE("a data directory that cannot be created makes the token unavailable") {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  auto token = resolve_token(dir.path() / "file" / "data", "");
  REQUIRE_FALSE(token.ok());
  CHECK(token.error().code == ErrorCode::kUnavailable);
}

TEST_CASE("tokens match only when equal, and an empty expected token matches nothing") {
  struct Case {
    std::string given, expected;
    bool same;
  };
  const Case cases[] = {
      {kToken, kToken, true},
      {kToken.substr(0, kToken.size() - 1) + "x", kToken, false},
      {kToken.substr(0, 10), kToken, false},
      {kToken + "x", kToken, false},
      {"", kToken, false},
      {"", "", false},
      {"anything", "", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.given);
    CHECK(same_token(c.given, c.expected) == c.same);
  }
}

TEST_CASE("the login only sends the browser back to a path of this site") {
  const std::pair<std::string, std::string> cases[] = {
      {"/", "/"},
      {"/?date=2025-03-25", "/?date=2025-03-25"},
      {"/papers/2503.17994", "/papers/2503.17994"},
      {"", "/"},
      {"//evil.example/", "/"},
      {"/\\evil.example/", "/"},
      {"https://evil.example/", "/"},
      {"papers", "/"},
      {"/a\r\nSet-Cookie: x=y", "/"},
  };
  for (const auto& c : cases) {
    const auto& next = c.first;
    const auto& expected = c.second;
    CAPTURE(next);
    CHECK(local_redirect(next) == expected);
  }
}

TEST_CASE("writes without the token, or with a wrong one, get 401 and change nothing on disk") {
  TempDir dir;
  const auto config = private_fortnight_config(dir, kToken);
  RunningServer server(config);
  REQUIRE(server.get("/api/v1/profiles")->status == 200);  // reads are open
  const std::string before = profiles_file(config);
  struct Case {
    const char* what;
    httplib::Headers headers;
  };
  const Case cases[] = {
      {"no token", {}},
      {"wrong bearer", bearer("not-the-token-at-all")},
      {"token prefix", bearer(kToken.substr(0, 8))},
      {"other scheme", {{"Authorization", "Basic " + kToken}}},
      {"wrong cookie", {{"Cookie", std::string(kTokenCookie) + "=nope"}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    const httplib::Result results[] = {
        server.post("/api/v1/profiles", kNewProfile, c.headers),
        server.put("/api/v1/profiles/nas", R"({"query": "changed"})", c.headers),
        server.del("/api/v1/profiles/nas", c.headers),
        server.post("/api/v1/profiles/nas/feedback", R"({"id": "2503.17994", "verdict": "like"})",
                    c.headers),
    };
    for (const auto& r : results) {
      REQUIRE(r);
      CHECK(r->status == 401);
      CHECK(body_of(r)["error"]["code"] == "unauthorized");
      CHECK(r->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
    }
  }
  CHECK(profiles_file(config) == before);
  CHECK_FALSE(std::filesystem::exists(config.data_dir / "feedback.sqlite"));
  auto nas = body_of(server.get("/api/v1/profiles/nas"));
  CHECK(nas["query"] != "changed");
  CHECK(server.get("/api/v1/profiles/graph-learning")->status == 404);
  // The scheme is case-insensitive (RFC 7235).
  auto lower =
      server.post("/api/v1/profiles", kNewProfile, {{"Authorization", "bearer " + kToken}});
  CHECK(lower->status == 201);
}

TEST_CASE("a server without a token accepts no writes at all") {
  TempDir dir;
  RunningServer server(private_fortnight_config(dir, ""));
  for (const auto& headers : {httplib::Headers{}, bearer(""), bearer(" ")}) {
    auto r = server.post("/api/v1/profiles", kNewProfile, headers);
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(body_of(r)["error"]["message"].get<std::string>().find("no API token") !=
          std::string::npos);
  }
}

TEST_CASE("signing in sets a cookie with which the browser may write, and signing out clears it") {
  TempDir dir;
  const auto config = private_fortnight_config(dir, kToken);
  RunningServer server(config);

  auto wrong = post_form(server, "/login", "token=guess");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  CHECK(body_of(wrong)["error"]["code"] == "unauthorized");
  CHECK(cookie_set_by(wrong).empty());
  auto missing = post_form(server, "/login", "next=%2F");
  CHECK(missing->status == 400);

  auto login = post_form(server, "/login", "token=" + kToken + "&next=%2F%3Fdate%3D2025-03-25");
  REQUIRE(login);
  CHECK(login->status == 303);
  CHECK(login->get_header_value("Location") == "/?date=2025-03-25");
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  CHECK(cookie_set_by(login) == kToken);
  for (const char* attribute : {"HttpOnly", "SameSite=Strict", "Path=/"}) {
    CAPTURE(attribute);
    CHECK(set_cookie.find(attribute) != std::string::npos);
  }

  const httplib::Headers cookie = {{"Cookie", "theme=dark; " + std::string(kTokenCookie) + "=" +
                                                  cookie_set_by(login) + "; other=1"}};
  auto created = server.post("/api/v1/profiles", kNewProfile, cookie);
  REQUIRE(created);
  CHECK(created->status == 201);
  CHECK(body_of(server.get("/api/v1/profiles/graph-learning"))["query"] == "graph neural network");

  auto json_login = server.post("/login", R"({"token": ")" + kToken + R"(", "next": "//evil"})");
  CHECK(json_login->status == 303);
  CHECK(json_login->get_header_value("Location") == "/");
  CHECK(cookie_set_by(json_login) == kToken);

  auto logout = post_form(server, "/logout", "");
  REQUIRE(logout);
  CHECK(logout->status == 303);
  CHECK(cookie_set_by(logout).empty());
  CHECK(logout->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
}

TEST_CASE("with token_for_reads, reads need the token except health, login and static files") {
  TempDir dir;
  auto config = private_fortnight_config(dir, kToken);
  config.token_for_reads = true;
  RunningServer server(config);

  auto refused = server.get("/api/v1/profiles");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  CHECK(body_of(refused)["error"]["code"] == "unauthorized");
  auto allowed = server.get("/api/v1/profiles", bearer(kToken));
  CHECK(allowed->status == 200);
  CHECK(body_of(allowed)["profiles"].size() == default_profiles().size());
  auto by_cookie =
      server.get("/api/v1/days", {{"Cookie", std::string(kTokenCookie) + "=" + kToken}});
  CHECK(by_cookie->status == 200);
  CHECK(body_of(server.get("/api/v1/healthz"))["status"] == "ok");
  // Static files and the login form are someone else's routes: only "not refused" is ours.
  CHECK(server.get("/static/none.css")->status != 401);
  CHECK(server.get("/login")->status != 401);

  auto page = server.get("/?date=2025-03-25", {{"Accept", "text/html,*/*"}});
  REQUIRE(page);
  CHECK(page->status == 303);
  // httplib's client percent-decodes Location as it reads it.
  CHECK(page->get_header_value("Location") == "/login?next=/?date=2025-03-25");
}

}  // namespace arxiv
