#include "fetcher/oai_harvester.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_http.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;
using testing::FakeHttpClient;

constexpr char kBase[] = "http://127.0.0.1:8080/oai";

std::filesystem::path oai_dir() { return testing::shared_data() / "fixtures" / "oai"; }
std::string page1() {
  return testing::read_file(oai_dir() / "arXivOAIHarvester" / "ListRecordsResponse.xml");
}
std::string page2() {
  return testing::read_file(oai_dir() / "invenio-oaiharvester" /
                            "sample_arxiv_response_listrecords_cs.xml");
}
std::string oai_error(const std::string& name) {
  return testing::read_file(oai_dir() / "arXivOAIHarvester" / ("ErrorResponse" + name + ".xml"));
}

// arXiv's real "Retry after 20 seconds" HTML page.
std::string unavailable_page() {
  return testing::read_file(
      oai_dir() / "paperhive-oai-pmh" / "2016" /
      "oaipmh-listrecords---should-list-identifiers-from-arxiv.resp0.status503.html");
}

HttpResponse ok(std::string body) { return HttpResponse{200, std::move(body), {}}; }

class MemoryStore final : public OaiCheckpointStore {
 public:
  Result<std::optional<OaiCheckpoint>> load() override { return saved; }
  Status save(const OaiCheckpoint& checkpoint) override {
    saved = checkpoint;
    history.push_back(checkpoint);
    return {};
  }
  Status clear() override {
    saved.reset();
    ++clears;
    return {};
  }

  std::optional<OaiCheckpoint> saved;
  std::vector<OaiCheckpoint> history;
  int clears = 0;
};

OaiWindow window() {
  OaiWindow w;
  w.base_url = kBase;
  w.set = "cs:cs:LG";
  w.from = "2014-10-01";
  return w;
}

// A PoliteClient over the fake transport with a small floor, so tests spend fake time only.
struct Rig {
  FakeClock clock;
  FakeHttpClient http{clock};
  PoliteClient client{http, clock,
                      PolitenessOptions{milliseconds(100), 3, milliseconds(50), milliseconds(1000),
                                        milliseconds(60000), 7}};
  MemoryStore store;
  std::vector<std::string> delivered;  // ids of every paper handed to the sink, in order

  Result<HarvestSummary> run(const OaiWindow& w,
                             std::optional<size_t> fail_on_page = std::nullopt) {
    size_t page_number = 0;
    return harvest(client, w, store, [&](const OaiPage& page) -> Status {
      ++page_number;
      if (fail_on_page && page_number == *fail_on_page) {
        return Error::unavailable("index is locked");
      }
      for (const Paper& p : page.papers) delivered.push_back(p.id);
      return {};
    });
  }
  void serve(std::initializer_list<std::string> bodies) {
    for (const std::string& body : bodies) http.push(ok(body));
  }
  std::vector<std::string> urls() const {
    std::vector<std::string> out;
    for (const auto& r : http.requests()) out.push_back(r.url);
    return out;
  }
};

const std::string kFirstUrl =
    std::string(kBase) +
    "?verb=ListRecords&metadataPrefix=arXivRaw&set=cs%3Acs%3ALG&from=2014-10-01";
const std::string kSecondUrl =
    std::string(kBase) + "?verb=ListRecords&resumptionToken=726959%7C1001";

TEST_CASE("a two-page harvest checkpoints after page one and clears the checkpoint at the end") {
  Rig rig;
  rig.serve({page1(), page2()});
  std::vector<HarvestSummary> progress;
  std::vector<std::optional<OaiCheckpoint>> saved_during;
  auto summary = harvest(
      rig.client, window(), rig.store,
      [&](const OaiPage& page) -> Status {
        saved_during.push_back(rig.store.saved);
        for (const Paper& p : page.papers) rig.delivered.push_back(p.id);
        return {};
      },
      [&](const HarvestSummary& s) { progress.push_back(s); });
  REQUIRE_MESSAGE(summary.ok(), summary.error().message);

  CHECK(rig.urls() == std::vector<std::string>{kFirstUrl, kSecondUrl});
  CHECK(summary->pages == 2);
  CHECK(summary->records == 6 + 46);
  CHECK_FALSE(summary->resumed);
  CHECK(summary->response_date == "2015-01-06T20:49:59Z");
  REQUIRE(rig.delivered.size() == 52);
  CHECK(rig.delivered[0] == "0704.0471");
  CHECK(rig.delivered[5] == "0704.1586");
  CHECK(rig.delivered[6] == "1101.4388");
  CHECK(rig.delivered[7] == "1111.1546");

  // Saved once, after page one, pointing at page two; nothing saved yet when page one arrived.
  REQUIRE(rig.store.history.size() == 1);
  CHECK(checkpoint_to_string(rig.store.history[0]) ==
        checkpoint_to_string(OaiCheckpoint{window(), "726959|1001", 1, 6}));
  REQUIRE(saved_during.size() == 2);
  CHECK_FALSE(saved_during[0].has_value());
  CHECK(saved_during[1].has_value());
  CHECK_FALSE(rig.store.saved.has_value());
  CHECK(rig.store.clears == 1);
  REQUIRE(progress.size() == 2);
  CHECK((progress[0].pages == 1 && progress[0].records == 6 && progress[1].pages == 2));
}

TEST_CASE("a sink failing on page two keeps the checkpoint there; a rerun fetches only page two") {
  Rig uninterrupted;
  uninterrupted.serve({page1(), page2()});
  REQUIRE(uninterrupted.run(window()).ok());

  Rig rig;
  rig.serve({page1(), page2()});
  auto failed = rig.run(window(), 2);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().code == ErrorCode::kUnavailable);
  CHECK(failed.error().message == "index is locked");
  REQUIRE(rig.store.saved.has_value());
  CHECK(rig.store.saved->token == "726959|1001");
  CHECK(rig.delivered.size() == 6);

  rig.http.push(ok(page2()));
  auto rerun = rig.run(window());
  REQUIRE_MESSAGE(rerun.ok(), rerun.error().message);
  CHECK(rerun->resumed);
  CHECK(rerun->pages == 1);
  CHECK(rerun->records == 46);
  CHECK(rig.urls() == std::vector<std::string>{kFirstUrl, kSecondUrl, kSecondUrl});
  CHECK(rig.delivered == uninterrupted.delivered);
  CHECK_FALSE(rig.store.saved.has_value());
}

TEST_CASE("a checkpoint of another window is ignored and the harvest starts at page one") {
  Rig rig;
  OaiWindow other = window();
  other.set = "math";
  rig.store.saved = OaiCheckpoint{other, "999|1", 3, 3000};
  rig.serve({page1(), page2()});
  auto summary = rig.run(window());
  REQUIRE_MESSAGE(summary.ok(), summary.error().message);
  CHECK_FALSE(summary->resumed);
  CHECK(rig.urls() == std::vector<std::string>{kFirstUrl, kSecondUrl});
}

TEST_CASE("an expired resumption token restarts the window from page one, which then succeeds") {
  Rig rig;
  rig.serve({page1(), oai_error("BadResumptionToken"), page1(), page2()});
  auto summary = rig.run(window());
  REQUIRE_MESSAGE(summary.ok(), summary.error().message);
  CHECK(rig.urls() == std::vector<std::string>{kFirstUrl, kSecondUrl, kFirstUrl, kSecondUrl});
  CHECK(summary->pages == 3);
  CHECK(rig.delivered.size() == 6 + 6 + 46);
  CHECK_FALSE(rig.store.saved.has_value());
}

TEST_CASE("a resumed harvest whose saved token has expired restarts the window") {
  Rig rig;
  rig.store.saved = OaiCheckpoint{window(), "726959|1001", 1, 6};
  rig.serve({oai_error("BadResumptionToken"), page1(), page2()});
  auto summary = rig.run(window());
  REQUIRE_MESSAGE(summary.ok(), summary.error().message);
  CHECK(summary->resumed);
  CHECK(rig.urls() == std::vector<std::string>{kSecondUrl, kFirstUrl, kSecondUrl});
  CHECK(rig.delivered.size() == 52);
}

TEST_CASE("tokens rejected after two restarts fail the harvest with a clear message") {
  Rig rig;
  for (int i = 0; i < 3; ++i) {
    rig.serve({page1(), oai_error("BadResumptionToken")});
  }
  auto summary = rig.run(window());
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.error().reason == "badResumptionToken");
  CHECK(summary.error().message.find("2 times") != std::string::npos);
  CHECK(summary.error().message.find("cs:cs:LG") != std::string::npos);
  CHECK(rig.http.requests().size() == 6);
}

TEST_CASE("noRecordsMatch on the first page is an empty window, harvested successfully") {
  Rig rig;
  rig.store.saved = OaiCheckpoint{window(), "", 0, 0};
  rig.http.push(ok(oai_error("NoRecordsMatch")));
  auto summary = rig.run(window());
  REQUIRE_MESSAGE(summary.ok(), summary.error().message);
  CHECK(summary->pages == 0);
  CHECK(summary->records == 0);
  CHECK(rig.delivered.empty());
  CHECK(rig.http.requests().size() == 1);
  CHECK_FALSE(rig.store.saved.has_value());
}

TEST_CASE("OAI errors other than the two handled ones fail the harvest with their code as reason") {
  for (const char* name : {"BadArgument", "BadVerb", "IdDoesNotExist"}) {
    CAPTURE(name);
    Rig rig;
    rig.http.push(ok(oai_error(name)));
    auto summary = rig.run(window());
    REQUIRE_FALSE(summary.ok());
    CHECK_FALSE(summary.error().reason.empty());
    CHECK(summary.error().message.find(kFirstUrl) != std::string::npos);
  }
  Rig rig;
  rig.serve({page1(), oai_error("NoRecordsMatch")});
  auto summary = rig.run(window());
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.error().reason == "noRecordsMatch");
  REQUIRE(rig.store.saved.has_value());
  CHECK(rig.store.saved->token == "726959|1001");
}

TEST_CASE("a 503 with Retry-After is waited out by the polite client, then the page is harvested") {
  Rig rig;
  rig.http.push(HttpResponse{503, unavailable_page(), {{"retry-after", "20"}}});
  rig.http.push(ok(page2()));
  auto summary = rig.run(window());
  REQUIRE_MESSAGE(summary.ok(), summary.error().message);
  CHECK(summary->pages == 1);
  CHECK(rig.delivered.size() == 46);
  REQUIRE(rig.http.requests().size() == 2);
  CHECK(rig.http.requests()[1].at - rig.http.requests()[0].at >= std::chrono::seconds(20));
}

TEST_CASE("a non-200 answer that is not retried fails with kUnavailable naming the status") {
  Rig rig;
  rig.http.push(HttpResponse{404, "not here", {}});
  auto summary = rig.run(window());
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.error().code == ErrorCode::kUnavailable);
  CHECK(summary.error().message.find("404") != std::string::npos);
}

TEST_CASE("a body that is not OAI-PMH fails with kInvalidInput and the checkpoint is untouched") {
  Rig rig;
  rig.serve({page1(), unavailable_page()});
  auto summary = rig.run(window());
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.error().code == ErrorCode::kInvalidInput);
  REQUIRE(rig.store.saved.has_value());
  CHECK(rig.store.saved->pages_done == 1);
}

TEST_CASE("a page handing back the token it was asked with fails instead of looping") {
  Rig rig;
  rig.store.saved = OaiCheckpoint{window(), "726959|1001", 1, 6};
  rig.http.push(ok(page1()));
  auto summary = rig.run(window());
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.error().message.find("same resumption token") != std::string::npos);
}

TEST_CASE("a checkpoint survives its text form unchanged") {
  OaiWindow w = window();
  w.until = "2014-10-31";
  w.metadata_prefix = "oai_dc";
  for (const std::string token : {"726959|1001", "", "a \"quoted\" \\ token\n", "ünïcode"}) {
    CAPTURE(token);
    OaiCheckpoint cp{w, token, 12, 12345};
    auto back = checkpoint_from_string(checkpoint_to_string(cp));
    REQUIRE_MESSAGE(back.ok(), back.error().message);
    CHECK(back->window == w);
    CHECK(back->token == token);
    CHECK(back->pages_done == 12);
    CHECK(back->records_done == 12345);
  }
}

TEST_CASE("damaged checkpoint strings are rejected as kCorrupt") {
  const std::string good = checkpoint_to_string(OaiCheckpoint{window(), "726959|1001", 1, 6});
  std::vector<std::string> bad = {"", "null", "[]", "42", "{", "not json", R"({"token":"x"})"};
  // The real text with one field of the wrong type or missing.
  for (auto [from, to] : std::initializer_list<std::pair<const char*, const char*>>{
           {"\"pages_done\":1", "\"pages_done\":-1"},
           {"\"pages_done\":1", "\"pages_done\":1.5"},
           {"\"records_done\":6", "\"records_done\":\"6\""},
           {"\"token\":", "\"token\":null,\"x\":"},
           {"\"base_url\":", "\"base_url\":1,\"x\":"},
           {"\"until\"", "\"until_\""}}) {
    std::string text = good;
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    bad.push_back(text.replace(at, std::string(from).size(), to));
  }
  for (size_t cut = 0; cut < good.size(); cut += 7) bad.push_back(good.substr(0, cut));
  for (const std::string& text : bad) {
    CAPTURE(text);
    auto cp = checkpoint_from_string(text);
    REQUIRE_FALSE(cp.ok());
    CHECK(cp.error().code == ErrorCode::kCorrupt);
  }
}

}  // namespace
}  // namespace arxiv
