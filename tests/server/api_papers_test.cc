#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "index/feedback_store.h"
#include "index/importer.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/ranker.h"
#include "index/similar.h"
#include "tests/index/fixture_index.h"
#include "tests/server/bibtex_reader.h"
#include "tests/server/running_server.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

using nlohmann::json;
using testing::body_of;
using testing::fortnight_config;
using testing::RunningServer;

json get_json(const RunningServer& server, const std::string& path) {
  CAPTURE(path);
  auto r = server.get(path);
  REQUIRE(r);
  CHECK(r->status == 200);
  return body_of(r);
}

std::vector<std::string> ids_of(const json& papers) {
  std::vector<std::string> out;
  for (const auto& p : papers) out.push_back(p["id"].get<std::string>());
  return out;
}

std::vector<std::string> ids_of(const SearchResults& results) {
  std::vector<std::string> out;
  for (const auto& r : results.papers) out.push_back(r.paper.id);
  return out;
}

// The search as the CLI's `search` runs it, straight on the index.
SearchResults cli_search(const std::string& text, const std::string& profile, size_t limit) {
  auto reader = testing::open_fortnight();
  SearchOptions options;
  options.text = text;
  options.limit = limit;
  auto profiles = load_or_create_profiles(testing::fortnight_data_dir());
  REQUIRE(profiles.ok());
  auto feedback = stored_feedback(testing::fortnight_data_dir());
  REQUIRE(feedback.ok());
  if (!profile.empty()) {
    auto found = find_profile(profiles.value(), profile);
    REQUIRE(found.ok());
    options.profile = found.value();
    if (auto it = feedback->find(profile); it != feedback->end()) options.feedback = &it->second;
  }
  auto results = search_papers(*reader, options);
  REQUIRE(results.ok());
  return std::move(results).value();
}

size_t count_of(const json& facet, const std::string& name) {
  for (const auto& f : facet) {
    if (f["name"] == name) return f["count"].get<size_t>();
  }
  return 0;
}

bool has(const json& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// A paper object carries the CLI's ranked fields and what a client shows of a paper.
void check_paper_object(const json& p) {
  const std::string id = p["id"];
  CAPTURE(id);
  for (const char* key :
       {"version",     "title",   "authors",   "categories",    "announce_type",
        "score",       "matched", "why",       "abstract",      "primary_category",
        "submitted",   "updated", "announced", "announcements", "comments",
        "journal_ref", "doi",     "license",   "abs_url",       "pdf_url"})
    CHECK_MESSAGE(p.contains(key), key);
  CHECK_FALSE(p["title"].get<std::string>().empty());
  CHECK_FALSE(p["abstract"].get<std::string>().empty());
  CHECK_FALSE(p["authors"].empty());
  CHECK(p["primary_category"] == p["categories"][0]);
  CHECK(p["abs_url"] == "https://arxiv.org/abs/" + id);
  CHECK(p["pdf_url"].get<std::string>().rfind("https://arxiv.org/pdf/" + id, 0) == 0);
  CHECK(p["announced"] == p["announcements"][0]["day"]);
  CHECK(p["why"].contains("scores"));
}

}  // namespace

TEST_CASE("searching papers by text gives the CLI's ranking as full paper objects") {
  RunningServer server(fortnight_config());
  const json j = get_json(server, "/api/v1/papers?q=transformer&per_page=5");
  const SearchResults cli = cli_search("transformer", "", 5);
  CHECK(j["total"] == cli.total);
  CHECK(j["total"].get<size_t>() > 5);
  CHECK(j["page"] == 1);
  CHECK(j["per_page"] == 5);
  CHECK(ids_of(j["papers"]) == ids_of(cli));
  for (size_t i = 0; i < cli.papers.size(); ++i) {
    const json& p = j["papers"][i];
    check_paper_object(p);
    CHECK(p["title"] == cli.papers[i].paper.title);
    CHECK(p["abstract"] == cli.papers[i].paper.abstract);
    CHECK(p["matched"] == cli.papers[i].matched);
    CHECK(p["score"].get<double>() > 0);
  }
}

TEST_CASE("a profile ranks the search alone or together with text") {
  RunningServer server(fortnight_config());
  const json by_profile = get_json(server, "/api/v1/papers?profile=nas&per_page=10");
  const SearchResults cli = cli_search("", "nas", 10);
  CHECK(by_profile["total"] == cli.total);
  CHECK(ids_of(by_profile["papers"]) == ids_of(cli));
  REQUIRE_FALSE(by_profile["papers"].empty());
  CHECK(by_profile["papers"][0]["why"]["scores"]["profile"].get<double>() > 0);

  const json text = get_json(server, "/api/v1/papers?q=search&per_page=1");
  const json both = get_json(server, "/api/v1/papers?q=search&profile=nas&per_page=10");
  CHECK(both["total"].get<size_t>() > 0);
  CHECK(both["total"] <= by_profile["total"]);
  CHECK(both["total"] <= text["total"]);
  CHECK(ids_of(both["papers"]) == ids_of(cli_search("search", "nas", 10)));
}

TEST_CASE("date and category filters keep only papers that satisfy them") {
  RunningServer server(fortnight_config());
  const json all = get_json(server, "/api/v1/papers?q=learning&per_page=1");
  const json filtered = get_json(
      server, "/api/v1/papers?q=learning&from=2025-03-20&to=2025-03-21&cat=cs.CV&per_page=100");
  REQUIRE_FALSE(filtered["papers"].empty());
  CHECK(filtered["total"] < all["total"]);
  CHECK(filtered["papers"].size() == std::min<size_t>(filtered["total"].get<size_t>(), 100));
  for (const auto& p : filtered["papers"]) {
    CAPTURE(p["id"]);
    CHECK(has(p["categories"], "cs.CV"));
    bool in_range = false;
    for (const auto& a : p["announcements"]) {
      const std::string day = a["day"];
      in_range = in_range || (day >= "2025-03-20" && day <= "2025-03-21");
    }
    CHECK(in_range);
  }

  // Several categories: a paper in any of them; repeated or comma-separated alike.
  const json repeated = get_json(server, "/api/v1/papers?q=learning&cat=cs.RO&cat=q-bio.NC");
  const json commas = get_json(server, "/api/v1/papers?q=learning&cat=cs.RO,q-bio.NC");
  const json robotics = get_json(server, "/api/v1/papers?q=learning&cat=cs.RO&per_page=1");
  CHECK(repeated["total"] == commas["total"]);
  CHECK(ids_of(repeated["papers"]) == ids_of(commas["papers"]));
  CHECK(repeated["total"] > robotics["total"]);
  for (const auto& p : repeated["papers"])
    CHECK((has(p["categories"], "cs.RO") || has(p["categories"], "q-bio.NC")));
}

TEST_CASE("facets count the whole match set as the filters would find it") {
  RunningServer server(fortnight_config());
  const json j = get_json(server, "/api/v1/papers?q=learning&per_page=3");
  const size_t total = j["total"];
  CHECK(j["papers"].size() == 3);
  const json& facets = j["facets"];
  REQUIRE(facets["categories"].size() > 3);
  REQUIRE(facets["years"].size() == 1);
  CHECK(facets["years"][0]["name"] == "2025");
  CHECK(facets["years"][0]["count"] == total);
  // Each of the largest categories, the smallest, and every day: the filter finds that many.
  std::vector<json> checked(facets["categories"].begin(), facets["categories"].begin() + 3);
  checked.push_back(facets["categories"].back());
  for (const auto& f : checked) {
    CAPTURE(f["name"]);
    const json one = get_json(
        server, "/api/v1/papers?q=learning&per_page=1&cat=" + f["name"].get<std::string>());
    CHECK(one["total"] == f["count"]);
    CHECK(count_of(one["facets"]["categories"], f["name"]) == f["count"]);
  }
  REQUIRE(facets["days"].size() >= 10);
  for (const auto& d : facets["days"]) {
    const std::string day = d["name"];
    CAPTURE(day);
    const json one =
        get_json(server, "/api/v1/papers?q=learning&per_page=1&from=" + day + "&to=" + day);
    CHECK(one["total"] == d["count"]);
  }
}

TEST_CASE("pages of a search hold different papers under one total, and links lead through them") {
  RunningServer server(fortnight_config());
  const json first = get_json(server, "/api/v1/papers?q=%22language%20model%22&per_page=7");
  const size_t total = first["total"];
  REQUIRE(total > 14);
  CHECK(first["links"]["prev"].is_null());
  CHECK(first["links"]["self"] == "/api/v1/papers?q=%22language%20model%22&page=1&per_page=7");
  const json second = get_json(server, first["links"]["next"].get<std::string>());
  CHECK(second["page"] == 2);
  CHECK(second["total"] == total);
  CHECK(second["papers"].size() == 7);
  std::set<std::string> seen;
  for (const auto& id : ids_of(first["papers"])) seen.insert(id);
  for (const auto& id : ids_of(second["papers"])) CHECK(seen.insert(id).second);
  // Two pages of 7 are one page of 14.
  const json fourteen = get_json(server, "/api/v1/papers?q=%22language%20model%22&per_page=14");
  std::vector<std::string> joined = ids_of(first["papers"]);
  for (const auto& id : ids_of(second["papers"])) joined.push_back(id);
  CHECK(ids_of(fourteen["papers"]) == joined);
  const json back = get_json(server, second["links"]["prev"].get<std::string>());
  CHECK(ids_of(back["papers"]) == ids_of(first["papers"]));

  const size_t last_page = (total + 6) / 7;
  const json last = get_json(server, "/api/v1/papers?q=%22language%20model%22&per_page=7&page=" +
                                         std::to_string(last_page));
  CHECK(last["links"]["next"].is_null());
  CHECK(last["papers"].size() == total - 7 * (last_page - 1));
  CHECK(last["total"] == total);
  const json beyond = get_json(server, "/api/v1/papers?q=%22language%20model%22&per_page=7&page=" +
                                           std::to_string(last_page + 1));
  CHECK(beyond["papers"].empty());
  CHECK(beyond["links"]["next"].is_null());
}

TEST_CASE("a paper by id comes with its versions and the papers most like it") {
  RunningServer server(fortnight_config());
  const json list = get_json(server, "/api/v1/papers?q=%22architecture%20search%22&per_page=1");
  REQUIRE(list["papers"].size() == 1);
  const json& found = list["papers"][0];
  const std::string id = found["id"];
  const json p = get_json(server, "/api/v1/papers/" + id);
  check_paper_object(p);
  CHECK(p["id"] == id);
  for (const char* key : {"title", "authors", "categories", "abstract", "announcements"})
    CHECK(p[key] == found[key]);
  // The fortnight's listings announce first versions only.
  REQUIRE(p["versions"].size() == 1);
  CHECK(p["versions"][0]["version"] == 1);
  CHECK(p["versions"][0]["announced"] == p["announced"]);
  CHECK(p["versions"][0]["announce_type"] == p["announce_type"]);
  CHECK(p["versions"][0]["abs_url"] == "https://arxiv.org/abs/" + id + "v1");

  REQUIRE(p["similar"].size() == 5);
  auto reader = testing::open_fortnight();
  auto similar = similar_papers(*reader, id, {"", "", 5});
  REQUIRE(similar.ok());
  for (size_t i = 0; i < 5; ++i) {
    const json& s = p["similar"][i];
    CHECK(s["id"] != id);
    CHECK(s["id"] == similar->papers[i].paper.id);
    CHECK(s["title"] == similar->papers[i].paper.title);
    if (i > 0) CHECK(s["score"] <= p["similar"][i - 1]["score"]);
  }

  // The same paper by a versioned id and an "arXiv:" id.
  for (const std::string& form : {id + "v1", id + "v7", "arXiv:" + id}) {
    CAPTURE(form);
    CHECK(get_json(server, "/api/v1/papers/" + form)["id"] == id);
  }
}

TEST_CASE("a paper's versions are what the index learnt from each listing") {
  testing::TempDir dir;
  const ServerConfig config = testing::private_fortnight_config(dir, "secret");
  const std::string id = "2503.18646";
  Paper original;
  {
    auto writer = PaperWriter::open(config.data_dir);
    REQUIRE(writer.ok());
    auto reader = PaperReader::open(config.data_dir);
    REQUIRE(reader.ok());
    auto stored = reader.value()->paper(id);
    REQUIRE(stored.ok());
    original = stored.value();
    // A later listing replaces it with v2, as arXiv's replacement listings do.
    Paper replaced = original;
    replaced.version = 2;
    replaced.updated = "2025-04-02";
    replaced.announcements = {{"2025-04-02", AnnounceType::kReplace, 2}};
    REQUIRE(writer.value()->upsert(replaced).ok());
    REQUIRE(writer.value()->commit().ok());
  }
  RunningServer server(config);
  const json p = get_json(server, "/api/v1/papers/" + id + "v2");
  CHECK(p["version"] == 2);
  CHECK(p["updated"] == "2025-04-02");
  CHECK(p["announced"] == original.announced());
  CHECK(p["pdf_url"] == "https://arxiv.org/pdf/" + id + "v2");
  REQUIRE(p["versions"].size() == 2);
  CHECK(p["versions"][0]["version"] == 1);
  CHECK(p["versions"][0]["announced"] == original.announced());
  CHECK(p["versions"][0]["announce_type"] == "new");
  CHECK(p["versions"][1]["version"] == 2);
  CHECK(p["versions"][1]["date"] == "2025-04-02");
  CHECK(p["versions"][1]["announced"] == "2025-04-02");
  CHECK(p["versions"][1]["announce_type"] == "replace");
  CHECK(p["versions"][1]["abs_url"] == "https://arxiv.org/abs/" + id + "v2");
}

TEST_CASE("BibTeX of a paper and of a page cites the papers as stored") {
  RunningServer server(fortnight_config());
  const json list = get_json(server, "/api/v1/papers?q=transformer&per_page=10");
  REQUIRE(list["papers"].size() == 10);
  const json& paper = list["papers"][0];
  const std::string id = paper["id"];

  auto check_entry = [](const testing::BibEntry& e, const json& p) {
    CAPTURE(p["id"]);
    CHECK(e.type == "misc");
    CHECK(e.fields.at("eprint") == p["id"]);
    CHECK(e.fields.at("archivePrefix") == "arXiv");
    CHECK(e.fields.at("primaryClass") == p["primary_category"]);
    CHECK(e.fields.at("url") == p["abs_url"]);
    CHECK(e.fields.at("year") == "2025");
    CHECK(testing::unescaped(e.fields.at("title")) ==
          testing::unescaped(p["title"].get<std::string>()));
    std::vector<std::string> authors;
    for (const auto& a : testing::bib_authors(e.fields.at("author")))
      authors.push_back(testing::unescaped(a));
    std::vector<std::string> stored;
    for (const auto& a : p["authors"]) stored.push_back(testing::unescaped(a.get<std::string>()));
    CHECK(authors == stored);
  };

  for (const auto& request :
       {std::pair{"/api/v1/papers/" + id + "?format=bibtex", httplib::Headers{}},
        std::pair{"/api/v1/papers/" + id, httplib::Headers{{"Accept", "application/x-bibtex"}}}}) {
    const auto& path = request.first;
    const auto& headers = request.second;
    CAPTURE(path);
    auto r = server.get(path, headers);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/x-bibtex; charset=utf-8");
    auto entries = testing::read_bibtex(r->body);
    REQUIRE(entries.has_value());
    REQUIRE(entries->size() == 1);
    check_entry(entries->front(), paper);
  }

  auto r =
      server.get("/api/v1/papers?q=transformer&per_page=10", {{"Accept", "application/x-bibtex"}});
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/x-bibtex; charset=utf-8");
  auto entries = testing::read_bibtex(r->body);
  REQUIRE(entries.has_value());
  REQUIRE(entries->size() == 10);
  std::set<std::string> keys;
  for (size_t i = 0; i < 10; ++i) {
    check_entry((*entries)[i], list["papers"][i]);
    keys.insert((*entries)[i].key);
  }
  CHECK(keys.size() == 10);
  // ?format=json wins over the header.
  auto as_json = server.get("/api/v1/papers?q=transformer&per_page=10&format=json",
                            {{"Accept", "application/x-bibtex"}});
  CHECK(ids_of(body_of(as_json)["papers"]) == ids_of(list["papers"]));
}

TEST_CASE("bad requests to the papers endpoints get a JSON error with the right status") {
  RunningServer server(fortnight_config());
  struct Case {
    const char* path;
    int status;
    const char* code;
    const char* says;  // part of the message
  };
  const Case cases[] = {
      {"/api/v1/papers", 400, "invalid_input", "'profile'"},
      {"/api/v1/papers?q=%20%20", 400, "invalid_input", "'q'"},
      {"/api/v1/papers?q=x&from=2025-02-30", 400, "invalid_input", "'from'"},
      {"/api/v1/papers?q=x&to=yesterday", 400, "invalid_input", "'to'"},
      {"/api/v1/papers?q=x&from=2025-03-25&to=2025-03-20", 400, "invalid_input", "before"},
      {"/api/v1/papers?q=x&page=0", 400, "invalid_input", "'page'"},
      {"/api/v1/papers?q=x&page=two", 400, "invalid_input", "'page'"},
      {"/api/v1/papers?q=x&per_page=1000", 400, "invalid_input", "'per_page'"},
      {"/api/v1/papers?q=x&per_page=0", 400, "invalid_input", "'per_page'"},
      {"/api/v1/papers?q=x&cat=cs.LG,not%20a%20category!", 400, "invalid_input", "'cat'"},
      {"/api/v1/papers?q=x&format=xml", 400, "invalid_input", "'format'"},
      {"/api/v1/papers?profile=nobody", 400, "invalid_input", "nobody"},
      {"/api/v1/papers/2503.99999", 404, "not_found", "2503.99999"},
      {"/api/v1/papers/2503.99999?format=bibtex", 404, "not_found", "2503.99999"},
      {"/api/v1/papers/hep-th/9901001", 404, "not_found", "hep-th/9901001"},
      {"/api/v1/papers/hep-th%2F9901001v2", 404, "not_found", "hep-th/9901001"},
      {"/api/v1/papers/not-an-id", 400, "invalid_input", "not-an-id"},
      {"/api/v1/papers/12345", 400, "invalid_input", "12345"},
      {"/api/v1/papers/%00%FF%FE", 400, "invalid_input", "arXiv id"},
      {"/api/v1/papers/2503.18646?format=pdf", 400, "invalid_input", "'format'"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto r = server.get(c.path);
    REQUIRE(r);
    CHECK(r->status == c.status);
    auto j = body_of(r);
    CHECK(j["error"]["code"] == c.code);
    CHECK(j["error"]["message"].get<std::string>().find(c.says) != std::string::npos);
  }
}

TEST_CASE("a search answer is kept while the index stays as it was, and recomputed after") {
  testing::TempDir dir;
  const ServerConfig config = testing::private_fortnight_config(dir, "test-token-0123456789abcdef");
  ServerConfig uncached = config;
  uncached.cache_searches = false;
  RunningServer server(config);
  RunningServer computing(uncached);
  const std::string path = "/api/v1/papers?q=learning&per_page=5";
  const json first = get_json(server, path);
  CHECK(get_json(server, path) == first);
  CHECK(get_json(server, "/api/v1/papers?q=%20learning&per_page=5&page=1") == first);
  CHECK(get_json(computing, path) == first);

  const auto day = testing::shared_data() / "replay" / "rss" / "2025-04-01.xml.gz";
  REQUIRE(import_paths(config.data_dir, {day.string()}, {}).ok());
  const json after = get_json(server, path);
  CHECK(after["total"].get<size_t>() > first["total"].get<size_t>());
  CHECK(after == get_json(computing, path));
}

}  // namespace arxiv
