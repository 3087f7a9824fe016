// Bad input on every endpoint and every command of the real binary: each hostile or malformed
// input is a table row below, and each must get a 4xx (JSON {"error": {"code", "message"}} on the
// API and feeds, an error page for pages, a bare 404 for static files) or a non-zero exit with a
// message naming it, never a 5xx, a dropped connection or a crash, and must store nothing: the
// profiles, feedback, subscribers, data files and index are compared before and after.
// Longer than most files: it is tables of inputs, which read best in one place.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "fetcher/listing_parser.h"
#include "tests/e2e/index_snapshot.h"
#include "tests/e2e/run_cli.h"
#include "tests/e2e/serving.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kToken = "bad-input-test-token-0123456789";
constexpr const char* kDay = "2025-03-25";
constexpr const char* kDayBefore = "2025-03-24";
// ServerConfig::max_body_bytes, the default `serve` runs with.
constexpr size_t kMaxBody = 64 * 1024;

void write(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

CliRun cli(const fs::path& data, std::vector<std::string> args,
           const std::map<std::string, std::string>& env = {}) {
  args.insert(args.begin(), {"--data", data.string()});
  return run_cli(args, env);
}

// A day of the replay, a like and a subscriber: every store holds something to lose. One for
// all the test cases below, as each proves it leaves the library as it found it.
struct Library {
  TempDir dir;
  std::string paper;  // a paper of the index

  Library() {
    CliRun imported = cli(dir.path(), {"import", replay_files(kDay, kDay).at(0)});
    REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
    auto feed = parse_listing_feed(read_file(replay_files(kDay, kDay).at(0)));
    REQUIRE(feed.ok());
    REQUIRE_FALSE(feed->papers.empty());
    paper = feed->papers.front().id;
    CliRun liked = cli(dir.path(), {"feedback", "--profile", "nas", "--like", paper});
    REQUIRE_MESSAGE(liked.exit_code == 0, liked.err);
    CliRun added = cli(dir.path(), {"subscribers", "add", "ada@example.org", "--profiles", "nas"});
    REQUIRE_MESSAGE(added.exit_code == 0, added.err);
  }
  const fs::path& path() const { return dir.path(); }
};

const Library& library() {
  static const Library lib;
  return lib;
}

// Everything a request or command could have stored.
struct State {
  std::string profiles;  // profiles.toml, byte for byte
  json feedback;         // `feedback list` of the profile the rows judge papers for
  json subscribers;
  std::set<std::string> files;  // the data directory's entries (SQLite's own side files aside)
  IndexSnapshot index;
  bool operator==(const State&) const = default;
};

State state_of(const fs::path& data) {
  State s;
  s.profiles = slurp(data / "profiles.toml");
  REQUIRE_FALSE(s.profiles.empty());
  CliRun list = cli(data, {"feedback", "list", "--profile", "nas", "--format", "json"});
  REQUIRE_MESSAGE(list.exit_code == 0, list.err);
  s.feedback = json::parse(list.out);
  CliRun subscribers = cli(data, {"subscribers", "list", "--format", "json"});
  REQUIRE_MESSAGE(subscribers.exit_code == 0, subscribers.err);
  s.subscribers = json::parse(subscribers.out);
  for (const auto& entry : fs::directory_iterator(data)) {
    const std::string name = entry.path().filename().string();
    const bool sqlite_side =
        name.ends_with("-wal") || name.ends_with("-shm") || name.ends_with("-journal");
    if (!sqlite_side) s.files.insert(name);
  }
  s.index = snapshot_index(data);
  return s;
}

void check_unchanged(const State& after, const State& before) {
  CHECK(after.profiles == before.profiles);
  CHECK(after.feedback == before.feedback);
  CHECK(after.subscribers == before.subscribers);
  CHECK(after.files == before.files);
  CHECK_MESSAGE(after.index == before.index, describe_difference(after.index, before.index));
}

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

enum class Auth { kToken, kNone, kWrong };

// What the answer must be besides its status: API and feed errors are JSON, pages are HTML,
// static files a bare text 404.
enum class Shape { kJson, kPage, kText };

struct HttpCase {
  int status;
  std::string method, target;  // the target goes out as written: no encoding added
  std::string body = "";
  Auth auth = Auth::kToken;
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
  if (c.auth == Auth::kToken) r += std::string("Authorization: Bearer ") + kToken + "\r\n";
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
    Serving serving(lib.path(), {"--token", kToken});
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
        {400, "POST", "/api/v1/profiles", "name=fresh&query=a", Auth::kToken, form},
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
    const std::string auth = std::string("Authorization: Bearer ") + kToken + "\r\n";
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

  TEST_CASE("every command refuses bad arguments with a message naming them and stores nothing") {
    const Library& lib = library();
    TempDir files;
    const fs::path labels = files.path() / "labels";
    fs::create_directories(labels);
    write(labels / "nas.tsv", lib.paper + "\t2\n");
    const fs::path bad_labels = files.path() / "bad-labels";
    fs::create_directories(bad_labels);
    write(bad_labels / "nas.tsv", "../etc/passwd\t2\n");
    const fs::path garbage = files.path() / "garbage.tsv";
    write(garbage, std::string("\x00\x01\xff\xfe garbage", 12));
    const fs::path not_toml = files.path() / "not-toml.toml";
    write(not_toml, "this is [not toml\n");
    const fs::path binary_toml = files.path() / "binary.toml";
    write(binary_toml, std::string("\x00\x01\xff", 3));
    const fs::path wrong_type = files.path() / "wrong-type.toml";
    write(wrong_type, "[digest]\nlimit = \"many\"\n");
    const std::string missing = (files.path() / "missing").string();
    const std::string mail_dir = (files.path() / "mail").string();
    const std::string id = lib.paper;
    const std::string long_id(3000, '1');
    const std::string injected = "eve@example.org\r\nBcc: x@example.org";

    struct CliCase {
      int exit;
      std::vector<std::string> args;  // after --data DIR
      std::string named;              // what the message must mention
      std::map<std::string, std::string> env = {};
    };
    const std::vector<CliCase> cases = {
        {2, {}, "no command"},
        {2, {"bogus"}, "bogus"},
        {2, {"--config", not_toml.string(), "digest"}, "not-toml.toml is not TOML"},
        {2, {"--config", binary_toml.string(), "digest"}, "binary.toml is not TOML"},
        {2, {"--config", wrong_type.string(), "digest"}, "many"},
        {2, {"--config", missing, "digest"}, missing},
        {2, {"digest"}, "not-toml.toml is not TOML", {{"ARXIV_TRIAGE_CONFIG", not_toml.string()}}},
        {2, {"import"}, "paths"},
        {2, {"import", "--bogus", missing}, "--bogus"},
        {2, {"digest", "--date", "2025-13-40"}, "2025-13-40"},
        {2, {"digest", "--date", "yesterday"}, "yesterday"},
        {2, {"digest", "--profile", "nope"}, "nope"},
        {2, {"digest", "--profile", "../../etc/passwd"}, "../../etc/passwd"},
        {2, {"digest", "--limit", "0"}, "--limit"},
        {2, {"digest", "--limit", "-1"}, "-1"},
        {2, {"digest", "--format", "xml"}, "xml"},
        {2, {"digest", "--bogus"}, "--bogus"},
        {2, {"search", "AND OR NOT"}, "Syntax"},
        {2, {"search", "x", "--from", "2025-13-40"}, "2025-13-40"},
        {2, {"search", "x", "--to", "yesterday"}, "yesterday"},
        {2, {"search", "x", "--from", kDay, "--to", kDayBefore}, "before"},
        {2, {"search", "--profile", "nope"}, "nope"},
        {2, {"search", "x", "--offset", "-1"}, "-1"},
        {2, {"search", "x", "--limit", "0"}, "--limit"},
        {2, {"search", "x", "--limit", "99999999999999999999"}, "99999999999999999999"},
        {2, {"similar"}, "id"},
        {2, {"similar", "../etc/passwd"}, "../etc/passwd"},
        {2, {"similar", "9999.99999v"}, "9999.99999v"},
        {2, {"similar", long_id}, "not an arXiv id"},
        {2, {"similar", "9999.99999"}, "9999.99999"},
        {2, {"similar", id, "--from", "2025-13-40"}, "2025-13-40"},
        {2, {"similar", id, "--limit", "0"}, "--limit"},
        {2,
         {"fetch", "--id", "../etc/passwd", "--api-url", "http://127.0.0.1:1/"},
         "../etc/passwd"},
        {2,
         {"fetch", "--backfill", "--from", "2025-13-40", "--oai-url", "http://127.0.0.1:1/"},
         "2025-13-40"},
        {2,
         {"fetch", "--backfill", "--from", kDayBefore, "--until", "yesterday", "--oai-url",
          "http://127.0.0.1:1/"},
         "yesterday"},
        {2, {"fetch", "--holiday", "yesterday", "--rss-url", "http://127.0.0.1:1/"}, "yesterday"},
        {2, {"fetch", "--attempts", "0"}, "--attempts"},
        {2, {"fetch", "--min-interval-ms", "-1"}, "--min-interval-ms"},
        {2, {"status", "--bogus"}, "--bogus"},
        {2, {"feedback", "--profile", "nope", "--like", id}, "nope"},
        {2, {"feedback", "--profile", "nas", "--like", "../etc/passwd"}, "../etc/passwd"},
        {2, {"feedback", "--profile", "nas", "--dismiss", "9999.99999v"}, "9999.99999v"},
        {2, {"feedback", "--profile", "nas", "--like", id, "--dismiss", id}, "more than once"},
        {2, {"feedback", "--profile", "nas"}, "nothing to record"},
        {2, {"feedback", "--like", id}, "--profile"},
        {2, {"feedback", "import", "--profile", "nas", missing}, missing},
        {2, {"feedback", "import", "--profile", "nas", garbage.string()}, "garbage.tsv"},
        {2, {"feedback", "import", "--profile", "nope", (labels / "nas.tsv").string()}, "nope"},
        {2, {"feedback", "list", "--profile", "nope"}, "nope"},
        {2, {"feedback", "suggest", "--profile", "nope"}, "nope"},
        {2, {"feedback", "suggest", "--profile", "nas", "--limit", "0"}, "--limit"},
        {2, {"feedback", "accept", "--profile", "nope", "word"}, "nope"},
        {2, {"feedback", "accept", "--profile", "nas", "AND OR"}, "AND OR"},
        {2, {"feedback", "accept", "--profile", "nas", "\"unclosed"}, "\"unclosed"},
        {2, {"eval", "--labels", missing, "--from", kDayBefore, "--to", kDay}, missing},
        {2,
         {"eval", "--labels", labels.string(), "--from", "2025-13-40", "--to", kDay},
         "2025-13-40"},
        {2, {"eval", "--labels", labels.string(), "--from", kDay, "--to", kDayBefore}, "before"},
        {2,
         {"eval", "--labels", bad_labels.string(), "--from", kDayBefore, "--to", kDay},
         "../etc/passwd"},
        {2, {"serve", "--listen", "nonsense"}, "nonsense"},
        {2, {"serve", "--listen", "127.0.0.1:99999"}, "99999"},
        {2, {"serve", "--token", "short"}, "16 characters"},
        {2, {"serve", "--web-dir", missing}, missing},
        {2, {"serve", "--threads", "0"}, "--threads"},
        {2, {"serve", "--max-body-bytes", "-1"}, "--max-body-bytes"},
        {2, {"subscribers", "add", injected, "--profiles", "nas"}, "not a usable e-mail address"},
        {2,
         {"subscribers", "add", "Eve <eve@example.org>", "--profiles", "nas"},
         "not a usable e-mail address"},
        {2, {"subscribers", "add", "eve@example.org", "--profiles", "nope"}, "nope"},
        {2, {"subscribers", "remove", "nobody@example.org"}, "nobody@example.org"},
        {2, {"subscribers", "list", "--format", "xml"}, "xml"},
        {2, {"mail", "--date", "2025-13-40", "--dry-run", mail_dir}, "2025-13-40"},
        {2, {"mail", "--date", kDay, "--from", injected, "--dry-run", mail_dir}, "--from"},
        {2,
         {"mail", "--date", kDay, "--public-url", "http://x/\r\nBcc: y", "--dry-run", mail_dir},
         "--public-url"},
        {2, {"mail", "--date", kDay, "--holiday", "yesterday", "--dry-run", mail_dir}, "yesterday"},
        {2, {"mail", "--top", "0"}, "--top"},
        {2, {"mail", "--catch-up", "0"}, "--catch-up"},
        {2, {"mail", "--smtp-url", "ftp://x"}, "ftp://x"},
        {2, {"mail", "--web-dir", missing}, missing},
    };
    const State before = state_of(lib.path());
    for (const auto& c : cases) {
      std::string line;
      for (const auto& a : c.args) line += a.substr(0, 60) + " ";
      CAPTURE(line);
      CliRun r = cli(lib.path(), c.args, c.env);
      CHECK_MESSAGE(r.exit_code == c.exit, r.err);
      CHECK_MESSAGE(r.err.find(c.named) != std::string::npos, r.err);
      CHECK(r.err.find("\r\nBcc") == std::string::npos);
    }
    CHECK_FALSE(fs::exists(mail_dir));
    check_unchanged(state_of(lib.path()), before);
  }

  TEST_CASE("hostile and damaged files given to import are refused and leave the index as it was") {
    const Library& lib = library();
    TempDir files;
    // One listing item in rss.arxiv.org's shape; `doctype` goes before the root, `text` into the
    // title and abstract.
    auto listing = [](const std::string& doctype, const std::string& text) {
      return "<?xml version='1.0' encoding='UTF-8'?>\n" + doctype +
             "<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
             "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\"><channel>"
             "<title>cs.LG updates on arXiv.org</title>"
             "<pubDate>Wed, 26 Mar 2025 00:00:00 -0400</pubDate>"
             "<item><title>Hostile " +
             text +
             "</title><link>https://arxiv.org/abs/2503.99991</link>"
             "<description>arXiv:2503.99991v1 Announce Type: new \nAbstract: About " +
             text +
             ".</description><guid isPermaLink=\"false\">oai:arXiv.org:2503.99991v1</guid>"
             "<category>cs.LG</category><pubDate>Wed, 26 Mar 2025 00:00:00 -0400</pubDate>"
             "<arxiv:announce_type>new</arxiv:announce_type><dc:creator>Eve Mallory</dc:creator>"
             "</item></channel></rss>\n";
    };
    std::string laughs = "<!DOCTYPE rss [<!ENTITY lol0 \"lol\">";
    for (int i = 1; i <= 9; ++i) {
      laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
      for (int k = 0; k < 10; ++k) laughs += "&lol" + std::to_string(i - 1) + ";";
      laughs += "\">";
    }
    laughs += "]>\n";
    const std::string xxe = "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n";
    const std::string param_xxe =
        "<!DOCTYPE rss [<!ENTITY % ext SYSTEM \"file:///etc/passwd\"> %ext;]>\n";

    // The same item without anything hostile imports: the hostile rows test the hostility.
    TempDir control;
    write(control.path() / "plain.xml", listing("", "plain words"));
    CliRun plain = cli(control.path(), {"import", (control.path() / "plain.xml").string()});
    REQUIRE_MESSAGE(plain.exit_code == 0, plain.out, plain.err);
    REQUIRE(plain.out.find("1 added") != std::string::npos);

    struct FileCase {
      std::string name;
      std::string bytes;
      std::string reason;  // what the rejection must say
    };
    const std::string gzip_head("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xb3\xb1\xaf\xc8", 14);
    const std::vector<FileCase> cases = {
        {"billion-laughs.xml", listing(laughs, "&lol9;"), "<!DOCTYPE>"},
        {"external-entity.xml", listing(xxe, "&xxe;"), "<!DOCTYPE>"},
        {"parameter-entity.xml", listing(param_xxe, "words"), "<!DOCTYPE>"},
        {"truncated.xml.gz", gzip_head, "truncated compressed data"},
        {"empty.xml", "", "not a recognised arXiv document"},
        {"garbage.xml", std::string("\x00\xff\xfe\x01<rss>\x00\x9c", 10),
         "not a recognised arXiv document"},
        {"cut-short.xml", listing("", "cut").substr(0, 300), "malformed XML"},
    };
    const State before = state_of(lib.path());
    for (const auto& c : cases) {
      CAPTURE(c.name);
      const fs::path path = files.path() / c.name;
      write(path, c.bytes);
      CliRun r = cli(lib.path(), {"import", path.string()});
      // 3: done, but files were rejected, each listed with its reason.
      CHECK_MESSAGE(r.exit_code == 3, r.out, r.err);
      const std::string rejected = "files rejected: 1\n  " + path.string() + ": ";
      const size_t at = r.out.find(rejected);
      REQUIRE_MESSAGE(at != std::string::npos, r.out);
      const std::string why = r.out.substr(at + rejected.size());
      CHECK_MESSAGE(why.substr(0, why.find('\n')).find(c.reason) != std::string::npos, r.out);
      CHECK(r.out.find("root:x:0:") == std::string::npos);
    }
    const State after = state_of(lib.path());
    for (const auto& [id, paper] : after.index.papers) {
      CAPTURE(id);
      CHECK(paper.find("root:x:0:") == std::string::npos);
      CHECK(paper.find("lollollol") == std::string::npos);
    }
    CliRun search = cli(lib.path(), {"search", "root"});
    CHECK(search.out.find("root:x:0:") == std::string::npos);
    check_unchanged(after, before);
  }
}

}  // namespace arxiv::testing
