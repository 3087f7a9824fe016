// Bad input on every HTTP endpoint of the real `serve`: each hostile or malformed request is a
// table row below, and each must get its 4xx (JSON {"error": {"code", "message"}} on the API and
// feeds, an error page for pages, a bare 404 for static files), never a 5xx, a dropped connection
// or a crash, and must store nothing (bad_input_fixture.h compares the stores before and after).
// Longer than most files: it is a table of inputs, which reads best in one place.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "tests/e2e/bad_input_fixture.h"
#include "tests/e2e/serving.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// One HTTP exchange over a fresh connection, the request sent byte for byte as given.
struct Answer {
  bool answered = false;  // a whole response came back
  int status = 0;
  std::string headers;  // lowercased
  std::string body;
};

Answer exchange(int port, const std::string& request) {
  Answer a;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval patience{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return a;
  }
  // The server may answer before the whole body is sent (and stop reading): that is fine.
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string in;
  char buf[65536];
  size_t head_end = std::string::npos, length = 0;
  while (head_end == std::string::npos || in.size() < head_end + 4 + length) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<size_t>(n));
    if (head_end == std::string::npos && (head_end = in.find("\r\n\r\n")) != std::string::npos) {
      a.headers = in.substr(0, head_end);
      for (char& c : a.headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const size_t at = a.headers.find("\r\ncontent-length: ");
      if (at != std::string::npos) length = std::stoul(a.headers.substr(at + 18));
    }
  }
  close(fd);
  if (head_end == std::string::npos || in.size() < head_end + 4 + length ||
      in.rfind("HTTP/1.1 ", 0) != 0)
    return a;
  a.answered = true;
  a.status = std::stoi(in.substr(9, 3));
  a.body = in.substr(head_end + 4, length);
  return a;
}

enum class Auth { kBadInputToken, kNone, kWrong };

// What the answer must be besides its status: API and feed errors are JSON, pages are HTML,
// static files a bare text 404.
enum class Shape { kJson, kPage, kText };

struct HttpCase {
  int status;
  std::string method, target;  // the target goes out as written: no encoding added
  std::string body = "";
  Auth auth = Auth::kBadInputToken;
  std::string type = "application/json";
};

Shape shape_of(const HttpCase& c) {
  const std::string& t = c.target;
  if (t.starts_with("/static/")) return Shape::kText;
  const bool machine = t.starts_with("/api/") || t.starts_with("/feeds/") || c.method != "GET";
  return machine ? Shape::kJson : Shape::kPage;
}

std::string request_of(const HttpCase& c) {
  std::string r = c.method + " " + c.target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (c.auth == Auth::kBadInputToken)
    r += std::string("Authorization: Bearer ") + kBadInputToken + "\r\n";
  if (c.auth == Auth::kWrong) r += "Authorization: Bearer not-the-token-0123456789\r\n";
  if (c.method != "GET") {
    r +=
        "Content-Type: " + c.type + "\r\nContent-Length: " + std::to_string(c.body.size()) + "\r\n";
  }
  return r + "Connection: close\r\n\r\n" + c.body;
}

// The answer of a row, checked (the caller's CAPTUREs name the row).
void check_answer(const Answer& a, int status, Shape shape) {
  REQUIRE_MESSAGE(a.answered, "no (complete) answer: the connection was dropped");
  CHECK_MESSAGE(a.status == status, a.body.substr(0, 300));
  CHECK(a.status >= 400);
  CHECK(a.status < 500);
  CHECK(a.body.find("root:x:0:") == std::string::npos);
  if (shape == Shape::kJson) {
    CHECK(a.headers.find("content-type: application/json") != std::string::npos);
    const json body = json::parse(a.body, nullptr, false);
    CHECK_MESSAGE((body.contains("error") && body["error"].value("code", "") != "" &&
                   body["error"].value("message", "") != ""),
                  a.body.substr(0, 300));
  } else if (shape == Shape::kPage) {
    CHECK(a.headers.find("content-type: text/html") != std::string::npos);
  } else {
    CHECK(a.headers.find("content-type: text/plain") != std::string::npos);
  }
}

}  // namespace

TEST_SUITE("bad_input") {
  TEST_CASE("every endpoint answers hostile requests with a 4xx and stores nothing") {
    const Library& lib = library();
    const State before = state_of(lib.path());
    Serving serving(lib.path(), {"--token", kBadInputToken});
    const std::string id = lib.paper;
    const std::string long_id(3000, '1');
    const std::string q1001(1001, 'a'), q9000(9000, 'a');
    const json good_profile = {{"name", "fresh"}, {"query", "neural network"}};
    const std::string over_limit = std::string(kMaxBody + 1, ' ');
    const std::string one_click = "List-Unsubscribe=One-Click";
    const std::string form = "application/x-www-form-urlencoded";

    const std::vector<HttpCase> cases = {
        // Dates, limits and profiles of the digest.
        {400, "GET", "/api/v1/digest?date=2025-13-40"},
        {400, "GET", "/api/v1/digest?date=yesterday"},
        {400, "GET", "/api/v1/digest?date="},
        {400, "GET", "/api/v1/digest?date=2025-02-30"},
        {400, "GET", "/api/v1/digest?date=2025-03-25%00"},
        {400, "GET", "/api/v1/digest?profile=nope"},
        {400, "GET", "/api/v1/digest?profile=..%2F..%2Fetc%2Fpasswd"},
        {400, "GET", "/api/v1/digest?limit=-1"},
        {400, "GET", "/api/v1/digest?limit=0"},
        {400, "GET", "/api/v1/digest?limit=99999999999999999999"},
        {400, "GET", "/api/v1/digest?limit=ten"},
        {404, "POST", "/api/v1/digest", "{}"},
        {404, "POST", "/api/v1/days", "{}"},
        // Search: text, dates, paging, categories, formats, profiles; query strings too long.
        {400, "GET", "/api/v1/papers"},
        {400, "GET", "/api/v1/papers?q=" + q1001},
        {414, "GET", "/api/v1/papers?q=" + q9000},
        {400, "GET", "/api/v1/papers?q=AND%20OR%20NOT"},
        {400, "GET", "/api/v1/papers?q=x&from=2025-13-40"},
        {400, "GET", "/api/v1/papers?q=x&to=yesterday"},
        {400, "GET", "/api/v1/papers?q=x&from="},
        {400, "GET", "/api/v1/papers?q=x&from=2025-03-25&to=2025-03-24"},
        {400, "GET", "/api/v1/papers?q=x&page=-1"},
        {400, "GET", "/api/v1/papers?q=x&page=0"},
        {400, "GET", "/api/v1/papers?q=x&page=100001"},
        {400, "GET", "/api/v1/papers?q=x&page=99999999999999999999"},
        {400, "GET", "/api/v1/papers?q=x&per_page=0"},
        {400, "GET", "/api/v1/papers?q=x&per_page=101"},
        {400, "GET", "/api/v1/papers?q=x&per_page=-20"},
        {400, "GET", "/api/v1/papers?q=x&cat=..%2Fetc"},
        {400, "GET", "/api/v1/papers?q=x&cat=cs.LG%0D%0ABcc:x"},
        {400, "GET", "/api/v1/papers?q=x&format=xml"},
        {400, "GET", "/api/v1/papers?profile=nope"},
        // One paper: ids that are no arXiv id, or not in the index.
        {400, "GET", "/api/v1/papers/..%2F..%2Fetc%2Fpasswd"},
        {400, "GET", "/api/v1/papers/../../etc/passwd"},
        {400, "GET", "/api/v1/papers/9999.99999v"},
        {400, "GET", "/api/v1/papers/" + long_id},
        {400, "GET", "/api/v1/papers/%00"},
        {404, "GET", "/api/v1/papers/9999.99999"},
        {400, "GET", "/api/v1/papers/" + id + "?format=xml"},
        // Profiles: unknown ones, and bodies that are no profile.
        {404, "GET", "/api/v1/profiles/nope"},
        {404, "GET", "/api/v1/profiles/nope/feedback"},
        {404, "GET", "/api/v1/profiles/nope/suggestions"},
        {400, "GET", "/api/v1/profiles/nas/suggestions?limit=-5"},
        {400, "GET", "/api/v1/profiles/nas/suggestions?limit=many"},
        {400, "POST", "/api/v1/profiles", R"({"name":)"},
        {400, "POST", "/api/v1/profiles", ""},
        {400, "POST", "/api/v1/profiles", "[1,2]"},
        {400, "POST", "/api/v1/profiles", R"("fresh")"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","title":"\ud800"})"},
        {400, "POST", "/api/v1/profiles", std::string(20000, '[')},
        {400, "POST", "/api/v1/profiles", R"({"name":5,"query":"a"})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","limit":1e400})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","limit":-5})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","limit":1099511627776})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","min_score":"NaN"})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","min_score":-1})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","categories":[1]})"},
        {400, "POST", "/api/v1/profiles",
         R"({"name":"fresh","query":"a","categories":["../etc"]})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","authors":[""]})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"a","colour":"red"})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh"})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"fresh","query":"AND OR NOT"})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"../../etc/passwd","query":"a"})"},
        {400, "POST", "/api/v1/profiles", R"({"name":"x\r\nBcc: eve@example.org","query":"a"})"},
        {409, "POST", "/api/v1/profiles", R"({"name":"nas","query":"a"})"},
        {400, "POST", "/api/v1/profiles", "name=fresh&query=a", Auth::kBadInputToken, form},
        {413, "POST", "/api/v1/profiles", over_limit},
        {400, "PUT", "/api/v1/profiles/nas", R"({"name":"other","query":"a"})"},
        {400, "PUT", "/api/v1/profiles/nas", R"({"categories":[1]})"},
        {400, "PUT", "/api/v1/profiles/nas", R"({"query":"AND OR NOT"})"},
        {400, "PUT", "/api/v1/profiles/nas", "{"},
        {400, "PUT", "/api/v1/profiles/NAS%0D%0ABcc:%20x", R"({"query":"a"})"},
        {413, "PUT", "/api/v1/profiles/nas", over_limit},
        {404, "DELETE", "/api/v1/profiles/nope"},
        {404, "PATCH", "/api/v1/profiles/nas", R"({"query":"a"})"},
        // Feedback: unknown profiles, ids and verdicts.
        {404, "POST", "/api/v1/profiles/nope/feedback",
         json{{"id", id}, {"verdict", "like"}}.dump()},
        {400, "POST", "/api/v1/profiles/nas/feedback",
         R"({"id":"../etc/passwd","verdict":"like"})"},
        {400, "POST", "/api/v1/profiles/nas/feedback", R"({"id":"9999.99999v","verdict":"like"})"},
        {400, "POST", "/api/v1/profiles/nas/feedback",
         json{{"id", long_id}, {"verdict", "like"}}.dump()},
        {404, "POST", "/api/v1/profiles/nas/feedback", R"({"id":"9999.99999","verdict":"like"})"},
        {400, "POST", "/api/v1/profiles/nas/feedback", R"({"id":2503,"verdict":"like"})"},
        {400, "POST", "/api/v1/profiles/nas/feedback",
         json{{"id", id}, {"verdict", "love"}}.dump()},
        {400, "POST", "/api/v1/profiles/nas/feedback", json{{"id", id}}.dump()},
        {400, "POST", "/api/v1/profiles/nas/feedback",
         json{{"id", id}, {"verdict", "like"}, {"x", 1}}.dump()},
        {400, "POST", "/api/v1/profiles/nas/feedback", "{\"id\":"},
        {413, "POST", "/api/v1/profiles/nas/feedback", over_limit},
        // Subscribers: header injection through the address, unknown profiles and cadences.
        {400, "POST", "/api/v1/subscribers",
         json{{"email", "eve@example.org\r\nBcc: x@example.org"}, {"profiles", {"nas"}}}.dump()},
        {400, "POST", "/api/v1/subscribers",
         json{{"email", "eve@example.org\nBcc: x@example.org"}, {"profiles", {"nas"}}}.dump()},
        {400, "POST", "/api/v1/subscribers",
         json{{"email", "Eve <eve@example.org>"}, {"profiles", {"nas"}}}.dump()},
        {400, "POST", "/api/v1/subscribers",
         json{{"email", "eve@example.org,x@example.org"}, {"profiles", {"nas"}}}.dump()},
        {400, "POST", "/api/v1/subscribers",
         json{{"email", "eve@example.org"}, {"profiles", {"nope"}}}.dump()},
        {400, "POST", "/api/v1/subscribers",
         json{{"email", "eve@example.org"}, {"profiles", json::array()}}.dump()},
        {400, "POST", "/api/v1/subscribers",
         json{{"email", "eve@example.org"}, {"profiles", {"nas"}}, {"cadence", "hourly"}}.dump()},
        {400, "POST", "/api/v1/subscribers", json{{"email", 5}, {"profiles", {"nas"}}}.dump()},
        {400, "POST", "/api/v1/subscribers", json{{"profiles", {"nas"}}}.dump()},
        {400, "POST", "/api/v1/subscribers", "{\"email\""},
        {413, "POST", "/api/v1/subscribers", over_limit},
        {404, "DELETE", "/api/v1/subscribers/nobody%40example.org"},
        {404, "DELETE", "/api/v1/subscribers/ada%40example.org%0D%0ABcc:%20x%40example.org"},
        // The tokenised unsubscribe link.
        {404, "GET", "/unsubscribe?token=nope"},
        {404, "GET", "/unsubscribe"},
        {404, "POST", "/unsubscribe?token=nope", one_click, Auth::kNone, form},
        {400, "POST", "/unsubscribe?token=nope", "garbage", Auth::kNone, form},
        {413, "POST", "/unsubscribe?token=nope", one_click + std::string(9000, 'a'), Auth::kNone,
         form},
        // Sign-in.
        {400, "POST", "/login", R"({"token":)", Auth::kNone},
        {401, "POST", "/login", R"({"token":"not-the-token-0123456789"})", Auth::kNone},
        {400, "POST", "/login", "token=", Auth::kNone, form},
        // Writes without the token, or with a wrong one: valid bodies, so a leak would show.
        {401, "POST", "/api/v1/profiles", good_profile.dump(), Auth::kNone},
        {401, "PUT", "/api/v1/profiles/nas", R"({"query":"a"})", Auth::kNone},
        {401, "DELETE", "/api/v1/profiles/nas", "", Auth::kNone},
        {401, "DELETE", "/api/v1/profiles/nas", "", Auth::kWrong},
        {401, "POST", "/api/v1/profiles/nas/feedback",
         json{{"id", id}, {"verdict", "dismiss"}}.dump(), Auth::kNone},
        {401, "POST", "/api/v1/subscribers",
         json{{"email", "eve@example.org"}, {"profiles", {"nas"}}}.dump(), Auth::kWrong},
        {401, "DELETE", "/api/v1/subscribers/ada%40example.org", "", Auth::kNone},
        {401, "GET", "/api/v1/subscribers", "", Auth::kNone},
        // Feeds.
        {404, "GET", "/feeds/nope.atom"},
        {404, "GET", "/feeds/..%2F..%2Fetc%2Fpasswd.atom"},
        // Static files: path traversal, plain, percent-encoded and double-encoded.
        {404, "GET", "/static/../../etc/passwd"},
        {404, "GET", "/static/%2e%2e/%2e%2e/etc/passwd"},
        {404, "GET", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd"},
        {404, "GET", "/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd"},
        {404, "GET", "/static/..%5c..%5cetc%5cpasswd"},
        {404, "GET", "/static/....//....//etc/passwd"},
        {404, "GET", "/static/katex/../../../../etc/passwd"},
        {404, "GET", "/static/katex/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"},
        {404, "GET", "/static/%2fetc%2fpasswd"},
        {404, "GET", "/static/app.css%00.png"},
        {404, "GET", "/static/.hidden"},
        {404, "GET", "/static/"},
        // Pages.
        {400, "GET", "/?date=2025-13-40"},
        {400, "GET", "/?date=yesterday"},
        {400, "GET", "/search?q=x&from=2025-13-40"},
        {400, "GET", "/search?q=x&page=-1"},
        {400, "GET", "/paper/..%2F..%2Fetc%2Fpasswd"},
        {400, "GET", "/paper/9999.99999v"},
        {404, "GET", "/paper/9999.99999"},
        {404, "GET", "/profiles/nope"},
        {400, "GET", "/profiles?new=..%2Fetc"},
        {404, "GET", "/nope"},
        {404, "GET", "/api/v1/nope"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.method);
      CAPTURE(c.target.substr(0, 120));
      CAPTURE(c.body.substr(0, 120));
      check_answer(exchange(serving.port(), request_of(c)), c.status, shape_of(c));
    }

    // Requests whose framing is hostile, written out whole.
    const std::string auth = std::string("Authorization: Bearer ") + kBadInputToken + "\r\n";
    const std::string post = "POST /api/v1/profiles HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth +
                             "Content-Type: application/json\r\n";
    const std::string fresh = good_profile.dump();
    auto hex = [](size_t n) {
      char buf[20];
      std::snprintf(buf, sizeof buf, "%zx", n);
      return std::string(buf);
    };
    const std::string big =
        json{{"name", "fresh"}, {"query", "a"}, {"description", std::string(2 * kMaxBody, 'd')}}
            .dump();
    const std::vector<std::pair<int, std::string>> raw = {
        // A chunked body passes httplib's size limit, so none is accepted.
        {411, post + "Transfer-Encoding: chunked\r\n\r\n" + hex(big.size()) + "\r\n" + big +
                  "\r\n0\r\n\r\n"},
        // Without a length the body would be read until the client closes.
        {411, post + "Connection: close\r\n\r\n" + fresh},
        // A compressed body is inflated after the size check: a small bomb stays small.
        {415,
         post + "Content-Encoding: gzip\r\nContent-Length: 10\r\n\r\n\x1f\x8b\x08\0\0\0\0\0\0\x03"},
        {413, post + "Content-Length: " + std::to_string(kMaxBody + 1) + "\r\n\r\n" + over_limit},
        {400, post + "Content-Length: ten\r\n\r\n"},
        {400, "GARBAGE\r\n\r\n"},
        {400, "GET /api/v1/healthz HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"},
        {400, "GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                  std::string(9000, 'a') + "\r\n\r\n"},
        {414, "GET /api/v1/papers?q=" + q9000 + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
    };
    for (const auto& [status, request] : raw) {
      CAPTURE(request.substr(0, 160));
      check_answer(exchange(serving.port(), request), status, Shape::kJson);
    }

    auto health = serving.get("/api/v1/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK_FALSE(serving.exited());
    CHECK_MESSAGE(serving.err().find("-> 5") == std::string::npos, serving.err());
    check_unchanged(state_of(lib.path()), before);
  }
}

}  // namespace arxiv::testing
