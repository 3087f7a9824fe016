#include "server/atom_feed.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "index/profile.h"
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

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";

pugi::xml_document parse_feed(const std::string& xml) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_string(xml.c_str());
  INFO(xml.substr(0, 2000));
  REQUIRE_MESSAGE(parsed, parsed.description(), " at offset ", parsed.offset);
  REQUIRE(std::string(doc.document_element().name()) == "feed");
  CHECK(std::string(doc.document_element().attribute("xmlns").value()) == kAtomNs);
  return doc;
}

pugi::xml_document get_feed(const RunningServer& server, const std::string& profile) {
  auto r = server.get("/feeds/" + profile + ".atom");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("application/atom+xml", 0) == 0);
  return parse_feed(r->body);
}

pugi::xml_node link_with(pugi::xml_node parent, const char* rel) {
  return parent.find_child_by_attribute("link", "rel", rel);
}

bool is_atom_time(const std::string& text) {
  static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d))");
  return std::regex_match(text, kTime);
}

// "https://arxiv.org/abs/2503.18360v1" -> "2503.18360".
std::string base_id(const std::string& entry_id) {
  std::string id = entry_id.substr(entry_id.find("/abs/") + 5);
  return id.substr(0, id.rfind('v'));
}

}  // namespace

TEST_CASE("a profile's feed is Atom 1.0 with every required element and unique entry ids") {
  RunningServer server(fortnight_config());
  auto doc = get_feed(server, "nas");
  pugi::xml_node feed = doc.document_element();
  const std::string self = "http://localhost:8080/feeds/nas.atom";
  CHECK(std::string(feed.child_value("id")) == self);
  CHECK(std::string(link_with(feed, "self").attribute("href").value()) == self);
  auto nas = find_profile(default_profiles(), "nas");
  REQUIRE(nas.ok());
  CHECK(std::string(feed.child_value("title")).find(nas.value()->title) != std::string::npos);
  CHECK(is_atom_time(feed.child_value("updated")));
  CHECK_FALSE(std::string(feed.child("author").child_value("name")).empty());

  std::set<std::string> ids;
  size_t entries = 0;
  for (pugi::xml_node entry : feed.children("entry")) {
    ++entries;
    const std::string id = entry.child_value("id");
    CAPTURE(id);
    CHECK(ids.insert(id).second);
    CHECK(id.rfind("https://arxiv.org/abs/", 0) == 0);
    CHECK_FALSE(std::string(entry.child_value("title")).empty());
    CHECK(is_atom_time(entry.child_value("updated")));
    CHECK(entry.child("author"));
    CHECK_FALSE(std::string(entry.child_value("summary")).empty());
    CHECK(std::string(link_with(entry, "alternate").attribute("href").value()) ==
          "https://arxiv.org/abs/" + base_id(id));
    const std::string pdf = link_with(entry, "related").attribute("href").value();
    CHECK(pdf.rfind("https://arxiv.org/pdf/" + base_id(id), 0) == 0);
    CHECK(std::string(link_with(entry, "related").attribute("type").value()) == "application/pdf");
    CHECK(entry.child("category").attribute("term"));
    CHECK(std::string(entry.child_value("content")).find("nas digest") != std::string::npos);
  }
  CHECK(entries > 0);
}

TEST_CASE(
    "each feed holds its profile's digests of the newest seven days, newest first, once each") {
  RunningServer server(fortnight_config());
  const json days = body_of(server.get("/api/v1/days"))["days"];
  REQUIRE(days.size() > 7);
  for (const auto& profile : default_profiles()) {
    CAPTURE(profile.name);
    // What the digest API says for the same days, each paper at its newest day.
    std::vector<json> expected;
    std::set<std::string> seen;
    for (size_t i = days.size(); i-- > days.size() - 7;) {
      const std::string day = days[i]["date"];
      const json digest =
          body_of(server.get("/api/v1/digest?date=" + day + "&profile=" + profile.name));
      for (json paper : digest["profiles"][0]["papers"]) {
        paper["day"] = day;
        if (seen.insert(paper["id"].get<std::string>()).second) expected.push_back(paper);
      }
    }
    auto doc = get_feed(server, profile.name);
    std::vector<pugi::xml_node> entries;
    for (pugi::xml_node e : doc.document_element().children("entry")) entries.push_back(e);
    REQUIRE(entries.size() == expected.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      const json& paper = expected[i];
      CAPTURE(paper["id"]);
      CHECK(base_id(entries[i].child_value("id")) == paper["id"]);
      CHECK(entries[i].child_value("title") == paper["title"].get<std::string>());
      CHECK(entries[i].child_value("updated") == paper["day"].get<std::string>() + "T00:00:00Z");
      std::vector<std::string> authors;
      for (pugi::xml_node a : entries[i].children("author"))
        authors.push_back(a.child_value("name"));
      CHECK(json(authors) == paper["authors"]);
      const std::string content = entries[i].child_value("content");
      for (const auto& line : paper["matched"]) {
        CHECK(content.find(line.get<std::string>()) != std::string::npos);
      }
    }
  }
}

TEST_CASE("markup characters in arXiv text are escaped and read back unchanged") {
  auto reader = open_fortnight();
  auto paper = reader->paper("2503.18360");  // "J&H: Evaluating the Robustness of ..."
  REQUIRE(paper.ok());
  RankedPaper ranked;
  ranked.paper = paper.value();
  REQUIRE(ranked.paper.title.find('&') != std::string::npos);
  ranked.paper.title += " <script>alert(1)</script> when x < y";
  ranked.paper.authors.push_back("O'Brien & <Co>");
  ranked.matched = {"\"knowledge injection\" (title)"};
  ranked.paper.abstract = "Bad bytes\x01 stay out: \xff.";
  Profile profile = default_profiles().front();
  ProfileDigest listed;
  listed.name = profile.name;
  listed.papers = {ranked};
  Digest digest;
  digest.day = "2025-03-25";
  digest.profiles = {listed};
  AtomFeedInput input;
  input.profile = &profile;
  input.digests = {digest};
  input.public_url = "http://triage.example";

  const std::string xml = atom_feed(input);
  CHECK(xml.find("<script>") == std::string::npos);
  auto doc = parse_feed(xml);
  pugi::xml_node entry = doc.document_element().child("entry");
  CHECK(entry.child_value("title") == ranked.paper.title);
  CHECK(entry.child_value("summary") == std::string("Bad bytes stay out: \xEF\xBF\xBD."));
  CHECK(std::string(entry.child_value("content")).find(ranked.matched[0]) != std::string::npos);
  std::vector<std::string> authors;
  for (pugi::xml_node a : entry.children("author")) authors.push_back(a.child_value("name"));
  CHECK(authors == ranked.paper.authors);
  CHECK(std::string(doc.document_element().child_value("id")) ==
        "http://triage.example/feeds/" + profile.name + ".atom");
}

TEST_CASE("a feed without days is still a valid feed") {
  Profile profile = default_profiles().front();
  AtomFeedInput input;
  input.profile = &profile;
  input.public_url = "http://localhost:8080";
  auto doc = parse_feed(atom_feed(input));
  CHECK(is_atom_time(doc.document_element().child_value("updated")));
  CHECK_FALSE(doc.document_element().child("entry"));
}

TEST_CASE("feeds of unknown profiles get a 404 JSON error") {
  RunningServer server(fortnight_config());
  for (const char* path : {"/feeds/nobody.atom", "/feeds/NAS.atom", "/feeds/%3Cscript%3E.atom",
                           "/feeds/..%2Fprofiles.atom", "/feeds/nas", "/feeds/.atom"}) {
    CAPTURE(path);
    auto r = server.get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(body_of(r)["error"]["code"] == "not_found");
  }
}

TEST_CASE("a feed reader sending the ETag back gets 304 until the feed changes") {
  TempDir dir;
  RunningServer server(private_fortnight_config(dir, "feed-token-0123456789"));
  auto first = server.get("/feeds/nas.atom");
  REQUIRE(first);
  const std::string etag = first->get_header_value("ETag");
  REQUIRE_FALSE(etag.empty());

  auto again = server.get("/feeds/nas.atom", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());

  // Fewer papers per digest: a different feed, so the old ETag no longer matches.
  auto profiles = load_or_create_profiles(dir.path() / "data");
  REQUIRE(profiles.ok());
  for (auto& p : profiles.value())
    if (p.name == "nas") p.limit = 1;
  REQUIRE(save_profiles(dir.path() / "data", profiles.value()).ok());
  auto changed = server.get("/feeds/nas.atom", {{"If-None-Match", etag}});
  REQUIRE(changed);
  CHECK(changed->status == 200);
  CHECK(changed->get_header_value("ETag") != etag);
  auto doc = parse_feed(changed->body);
  size_t entries = 0;
  for ([[maybe_unused]] pugi::xml_node e : doc.document_element().children("entry")) ++entries;
  CHECK(entries <= 7);
}

}  // namespace arxiv
