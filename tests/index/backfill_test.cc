#include "index/backfill.h"

#include <doctest/doctest.h>

#include "index/paper_store.h"
#include "index/schema.h"
#include "tests/support/fake_http.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

// One complete ListRecords page (arXiv format, 46 cs records, no resumption token): 22 records
// were created on Thursday 2015-01-15 and 7 on Wednesday 2015-01-14.
std::string cs_page() {
  return testing::read_file(testing::shared_data() / "fixtures" / "oai" / "invenio-oaiharvester" /
                            "sample_arxiv_response_listrecords_cs.xml");
}

struct Harness {
  testing::TempDir dir;
  testing::FakeClock clock;
  testing::FakeHttpClient http{clock};
  PoliteClient client{
      http, clock,
      PolitenessOptions{std::chrono::milliseconds(0), 2, std::chrono::milliseconds(1),
                        std::chrono::milliseconds(1)}};
  AnnouncementCalendar calendar = AnnouncementCalendar::make({}).value();
  OaiWindow window;

  Harness() {
    window.base_url = "http://127.0.0.1:1/oai";
    window.from = "2015-01-13";
    const std::string page = cs_page();
    http.set_fallback([page](const std::string&) { return HttpResponse{200, page, {}}; });
  }
};

}  // namespace

TEST_CASE("categories map to their OAI-PMH sets") {
  struct Case {
    const char* category;
    const char* set;
  } cases[] = {
      {"cs.LG", "cs:cs:LG"},
      {"q-bio.NC", "q-bio:q-bio:NC"},
      {"stat.ML", "stat:stat:ML"},
      {"cond-mat.dis-nn", "physics:cond-mat:dis-nn"},
      {"hep-th", "physics:hep-th"},
      {"physics.bio-ph", "physics:physics:bio-ph"},
      {"math", "math"},
  };
  for (const auto& c : cases) CHECK(oai_set_for(c.category).value() == c.set);
  for (const char* bad : {"", "machine learning", "cs.", "xx.YY"})
    CHECK_FALSE(oai_set_for(bad).ok());
}

TEST_CASE("a backfill stores every harvested paper and remembers finished sets") {
  Harness h;
  auto report = backfill(h.dir.path(), h.client, h.window, {"cs:cs:LG", "cs:cs:AI"});
  REQUIRE_MESSAGE(report.ok(), report.error().message);
  CHECK(report->sets == 2);
  CHECK(report->pages == 2);
  CHECK(report->counts.added == 46);
  CHECK(report->counts.unchanged == 46);  // the second set's page holds the same papers
  CHECK(h.http.requests().front().url.find("set=cs%3Acs%3ALG") != std::string::npos);
  CHECK(report->response_date.rfind("2016-01-18", 0) == 0);
  // The next incremental harvest starts from this one's first response.
  CHECK(PaperReader::open(h.dir.path())
            .value()
            ->metadata(std::string(schema::kOaiLastHarvest))
            .value() == report->response_date.substr(0, 10));
  auto paper = PaperReader::open(h.dir.path()).value()->paper("1501.03577");
  REQUIRE(paper.ok());
  CHECK(paper->announcements.empty());  // OAI-PMH has no announcement days

  const size_t requests = h.http.requests().size();
  auto again = backfill(h.dir.path(), h.client, h.window, {"cs:cs:LG", "cs:cs:AI"});
  REQUIRE(again.ok());
  CHECK(again->sets_skipped == 2);
  CHECK(h.http.requests().size() == requests);
}

TEST_CASE("a missed listing day is repaired with the papers submitted for it") {
  Harness h;
  {
    // Already known from an earlier listing: repair must not file it under the missed day.
    auto writer = PaperWriter::open(h.dir.path());
    REQUIRE(writer.ok());
    Paper known;
    known.id = "1501.03593";
    known.title = "known before";
    known.announcements = {{"2015-01-20", AnnounceType::kCross, 1}};
    REQUIRE(writer.value()->upsert(known).ok());
    REQUIRE(writer.value()->commit().ok());
  }
  auto report =
      backfill(h.dir.path(), h.client, h.window, {"cs:cs:LG"}, {&h.calendar, {"2015-01-16"}});
  REQUIRE_MESSAGE(report.ok(), report.error().message);
  REQUIRE(report->repaired.size() == 1);
  CHECK(report->repaired.at("2015-01-16") == 21);  // Thursday's 22 submissions, less the known one
  auto reader = PaperReader::open(h.dir.path());
  REQUIRE(reader.ok());
  CHECK(reader.value()->papers_on("2015-01-16").value() == 21);
  CHECK(reader.value()->listing_seen("2015-01-16").value());
  CHECK(reader.value()->paper("1501.03577")->announced() == "2015-01-16");
  CHECK(reader.value()->paper("1501.03593")->announced() == "2015-01-20");
  // Wednesday's submissions belong to 2015-01-15, which was not missed.
  CHECK(reader.value()->papers_on("2015-01-15").value() == 0);
}

}  // namespace arxiv
