// The web pages besides the digest through real HTTP, and what every page shares: headers,
// error pages, escaping. Checked against the index functions the CLI uses.
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "index/fetch_status.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/schema.h"
#include "index/similar.h"
#include "tests/index/fixture_index.h"
#include "tests/server/page_check.h"

namespace arxiv {

using testing::attribute;
using testing::direct_digest;
using testing::escaped;
using testing::fortnight_config;
using testing::has;
using testing::page;
using testing::private_fortnight_config;
using testing::RunningServer;
using testing::TempDir;

constexpr const char* kDay = testing::kPageDay;
constexpr char kCsp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

TEST_CASE("bad parameters and unknown things get an HTML error page with their status") {
  RunningServer server(fortnight_config());
  struct Case {
    const char* path;
    int status;
    const char* says;
  };
  const Case cases[] = {
      {"/?date=2025-02-30", 400, "2025-02-30"},
      {"/?date=yesterday", 400, "yesterday"},
      {"/?date=%3Cscript%3E", 400, "&lt;script&gt;"},
      {"/?profile=nobody", 400, "nobody"},
      {"/paper/2501.99999", 404, "no paper 2501.99999 in the index"},
      {"/paper/not-an-id", 400, "not-an-id"},
      {"/profiles/nobody", 404, "nobody"},
      {"/profiles?new=Bad_Name", 400, "Bad_Name"},
      {"/search?page=0", 400, "page"},
      {"/search?q=x&from=2025-13-01", 400, "2025-13-01"},
      {"/search?cat=%3Cb%3E", 400, "&lt;b&gt;"},
      {"/search?from=2025-03-30&to=2025-03-01", 400, "is before"},
      {"/search?q=NOT%20x", 400, "search text"},
      {"/paper/..%2f..%2fCMakeLists.txt", 400, "not an arXiv id"},
      {"/search?q=x&profile=nobody", 400, "nobody"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    const std::string body = page(server, c.path, c.status);
    CHECK(attribute(body, "data-status") == std::to_string(c.status));
    CHECK(has(body, c.says));
    CHECK_FALSE(has(body, "<script>"));
  }
}

TEST_CASE("every page carries the security headers and no inline script or style") {
  RunningServer server(fortnight_config());
  const std::string paper = "/paper/" + direct_digest(kDay).all.front().paper.id;
  for (const std::string& path :
       {std::string("/"), std::string("/?date=2025-03-22"), std::string("/search"),
        std::string("/search?q=supernet&profile=nas"), paper, std::string("/profiles"),
        std::string("/profiles/nas"), std::string("/profiles?new=graph-learning"),
        std::string("/status"), std::string("/login"), std::string("/paper/2501.99999"),
        std::string("/?date=bad")}) {
    CAPTURE(path);
    auto r = server.get(path);
    REQUIRE(r);
    CHECK(r->get_header_value("Content-Security-Policy") == kCsp);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("Referrer-Policy") == "same-origin");
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(has(r->body, "<script defer src=\"/static/app.js\"></script>"));
    CHECK_FALSE(has(r->body, "<script>"));
    CHECK_FALSE(has(r->body, "<style"));
    CHECK_FALSE(std::regex_search(r->body, std::regex(" (style|on[a-z]+)=")));
    CHECK(has(r->body, "<nav class=\"site-nav\""));
  }
}

TEST_CASE("a paper page shows the paper, its listings and links to its similar papers") {
  RunningServer server(fortnight_config());
  // A paper that topped a profile on its last listing day: its page shows that listing.
  const Digest digest = direct_digest(kDay);
  const ProfileDigest* topped = nullptr;
  for (const auto& pd : digest.profiles)
    if (!topped && !pd.papers.empty() && pd.papers.front().paper.announcements.back().day == kDay)
      topped = &pd;
  REQUIRE(topped != nullptr);
  const RankedPaper& top = topped->papers.front();
  const std::string body = page(server, "/paper/" + top.paper.id);
  CHECK(attribute(body, "data-id") == top.paper.id);
  CHECK(has(body, "<h1 class=\"paper-title tex\">" + escaped(top.paper.title) + "</h1>"));
  CHECK(has(body, escaped(top.paper.abstract)));
  CHECK(has(body, "href=\"https://arxiv.org/abs/" + top.paper.id + "\""));
  CHECK(has(body, "href=\"https://arxiv.org/pdf/" + top.paper.id));
  // It topped a profile that day: the page says so, with that profile's buttons.
  CHECK(has(body, "<section class=\"listing\" data-profile=\"" + topped->name + "\">"));
  CHECK(has(body, "#1 on " + std::string(kDay)));

  auto reader = testing::open_fortnight();
  SimilarOptions options;
  options.limit = 8;
  auto similar = similar_papers(*reader, top.paper.id, options);
  REQUIRE(similar.ok());
  REQUIRE(similar->papers.size() >= 3);
  for (const auto& r : similar->papers) {
    CHECK(has(body, "<a class=\"tex\" href=\"/paper/" + r.paper.id + "\">" +
                        escaped(r.paper.title) + "</a>"));
  }
  // Any form of the id leads to the same page.
  CHECK(page(server, "/paper/arXiv:" + top.paper.id + "v1").find(escaped(top.paper.title)) !=
        std::string::npos);
}

TEST_CASE("the profile pages show every profile and the editor its fields") {
  RunningServer server(fortnight_config());
  auto profiles = load_or_create_profiles(testing::fortnight_data_dir());
  REQUIRE(profiles.ok());
  const std::string list = page(server, "/profiles");
  for (const auto& p : profiles.value()) {
    CHECK(has(list, "<li class=\"profile-item\" data-profile=\"" + p.name + "\">"));
    CHECK(has(list, "<code>" + escaped(p.query) + "</code>"));
  }
  const Profile& nas = *find_profile(profiles.value(), "nas").value();
  const std::string editor = page(server, "/profiles/nas");
  CHECK(has(editor,
            "<form id=\"profile-form\" class=\"profile-form\" data-name=\"nas\" "
            "data-create=\"false\""));
  CHECK(has(editor, ">" + escaped(nas.query) + "</textarea>"));
  CHECK(has(editor, "value=\"" + escaped(nas.title) + "\""));
  CHECK(has(editor, "value=\"" + std::to_string(nas.limit) + "\""));
  CHECK(has(editor, "No suggestions yet"));

  const std::string fresh = page(server, "/profiles?new=graph-learning");
  CHECK(has(fresh, "data-name=\"graph-learning\" data-create=\"true\""));
}

TEST_CASE("search pages through the results and filters by category and days") {
  RunningServer server(fortnight_config());
  auto reader = testing::open_fortnight();
  SearchOptions options;
  options.text = "neural network";
  options.limit = 20;
  options.offset = 20;
  auto expected = search_papers(*reader, options);
  REQUIRE(expected.ok());
  REQUIRE(expected->total > 40);
  const std::string body = page(server, "/search?q=neural%20network&page=2");
  CHECK(attribute(body, "data-total") == std::to_string(expected->total));
  CHECK(has(body, "showing 21&ndash;40"));
  CHECK(has(body, "<a rel=\"prev\" href=\"/search?q=neural%20network\">"));
  CHECK(has(body, "<a rel=\"next\" href=\"/search?q=neural%20network&amp;page=3\">"));
  for (const auto& r : expected->papers) CHECK(has(body, ">" + escaped(r.paper.title) + "</a>"));

  // Every paper of cs.NE listed on either day, counted through Xapian's own terms.
  const std::string filtered = page(server, "/search?cat=cs.NE&from=2025-03-24&to=2025-03-25");
  Xapian::Database& db = reader->database();
  const std::string cat = schema::prefixed(schema::kCategory, "cs.NE");
  size_t listed = 0;
  auto has_term = [&](Xapian::docid doc, const std::string& term) {
    Xapian::TermIterator t = db.termlist_begin(doc);
    t.skip_to(term);
    return t != db.termlist_end(doc) && *t == term;
  };
  for (auto it = db.postlist_begin(cat); it != db.postlist_end(cat); ++it)
    listed += has_term(*it, "D20250324") || has_term(*it, "D20250325");
  REQUIRE(listed > 0);
  CHECK(attribute(filtered, "data-total") == std::to_string(listed));
  const std::regex card("<article class=\"paper\" data-id=\"([^\"]+)\"");
  size_t cards = 0;
  for (std::sregex_iterator it(filtered.begin(), filtered.end(), card), end; it != end; ++it) {
    auto paper = reader->paper((*it)[1]);
    REQUIRE(paper.ok());
    const auto& cats = paper->categories;
    CHECK(std::find(cats.begin(), cats.end(), "cs.NE") != cats.end());
    ++cards;
  }
  CHECK(cards == std::min<size_t>(listed, 20));
}

TEST_CASE("the status page shows the index and the last fetch with its errors") {
  TempDir dir;
  const ServerConfig config = private_fortnight_config(dir, "a-token-of-sixteen-chars");
  RunningServer server(config);
  auto reader = PaperReader::open(config.data_dir);
  REQUIRE(reader.ok());
  const std::string before = page(server, "/status");
  CHECK(attribute(before, "data-papers") == std::to_string(reader.value()->paper_count().value()));
  CHECK(has(before, "class=\"status-never\""));
  CHECK(has(before, "<tr data-day=\"2025-03-31\">"));

  FetchStatus status;
  status.last_listing_day = "2025-03-31";
  status.last_attempt = "2025-04-01T05:00:00Z";
  status.last_success = "2025-03-31T05:00:00Z";
  status.last_error = "rss.arxiv.org answered 503 <Service Unavailable>";
  status.missing_days = {"2025-03-27"};
  status.recent = {{"2025-03-28", 700, {{"cs.LG", 400}, {"cs.NE", 30}}},
                   {"2025-03-31", 650, {{"cs.LG", 380}, {"cs.NE", 28}}}};
  REQUIRE(save_fetch_status(config.data_dir, status).ok());
  const std::string after = page(server, "/status");
  CHECK(has(after, "<dd data-field=\"last_listing_day\">2025-03-31</dd>"));
  CHECK(has(after,
            "class=\"status-error\" role=\"alert\">The last attempt failed: "
            "rss.arxiv.org answered 503 &lt;Service Unavailable&gt;</p>"));
  CHECK(has(after, "<ul class=\"missing-days\"><li>2025-03-27</li></ul>"));
  CHECK(has(after,
            "<tr data-category=\"cs.LG\"><th scope=\"row\">cs.LG</th><td>400</td>"
            "<td>380</td></tr>"));

  // A category far below its usual count is flagged, by the rule of category_freshness.
  status.recent.push_back({"2025-04-01", 300, {{"cs.LG", 150}, {"cs.NE", 28}}});
  REQUIRE(save_fetch_status(config.data_dir, status).ok());
  const std::string stale = page(server, "/status");
  CHECK(has(stale, "<tr data-category=\"cs.LG\" class=\"low\"><th scope=\"row\">cs.LG <span"));
  CHECK(has(stale, "<tr data-category=\"cs.NE\"><th scope=\"row\">cs.NE</th>"));
}

TEST_CASE("text from arXiv and from profiles is escaped, never markup") {
  TempDir dir;
  const ServerConfig config = private_fortnight_config(dir, "a-token-of-sixteen-chars");
  Paper evil;
  evil.id = "2503.99999";
  evil.version = 1;
  evil.title = "<script>alert('title')</script> & $\\alpha<\\beta$ bracketology";
  evil.abstract = "An abstract with <img src=x onerror=alert(1)> and \"quotes\".";
  evil.authors = {"Eve <eve@example.org>"};
  evil.categories = {"cs.LG"};
  evil.announcements = {{kDay, AnnounceType::kNew, 1}};
  {
    auto writer = PaperWriter::open(config.data_dir);
    REQUIRE(writer.ok());
    REQUIRE(writer.value()->upsert(evil).ok());
    REQUIRE(writer.value()->commit().ok());
  }
  auto profiles = load_or_create_profiles(config.data_dir);
  REQUIRE(profiles.ok());
  profiles->front().description = "Papers about </textarea><script>alert(2)</script>";
  REQUIRE(save_profiles(config.data_dir, profiles.value()).ok());
  RunningServer server(config);

  const std::string paper = page(server, "/paper/2503.99999");
  const std::string search = page(server, "/search?q=bracketology");
  for (const std::string* body : {&paper, &search}) {
    CHECK(has(*body, escaped(evil.title)));
    CHECK(has(*body,
              "&lt;script&gt;alert(&apos;title&apos;)&lt;/script&gt; &amp; "
              "$\\alpha&lt;\\beta$"));
    CHECK(has(*body, escaped(evil.abstract)));
    CHECK(has(*body, "Eve &lt;eve@example.org&gt;"));
    CHECK_FALSE(has(*body, "<script>"));
    CHECK_FALSE(has(*body, "<img"));
  }
  const std::string editor = page(server, "/profiles/" + profiles->front().name);
  CHECK(has(editor, "Papers about &lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
  CHECK_FALSE(has(editor, "<script>"));
}

TEST_CASE("the sign-in page posts the token to /login and keeps where to go back to") {
  RunningServer server(fortnight_config());
  const std::string body = page(server, "/login?next=%2Fprofiles%2Fnas");
  CHECK(has(body,
            "<form id=\"login-form\" class=\"login-form\" method=\"post\" "
            "action=\"/login\">"));
  CHECK(has(body, "name=\"token\""));
  CHECK(has(body, "<input type=\"hidden\" name=\"next\" value=\"/profiles/nas\">"));
}

}  // namespace arxiv
