#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "fetcher/oai_parser.h"
#include "tests/fetcher/oai_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;
using testing::oai::check_consistent;
using testing::oai::invenio;
using testing::oai::oai_dir;
using testing::oai::paperhive;
using testing::oai::parse_ok;

std::string envelope(const std::string& verb_body) {
  return "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2024-01-02"
         "</responseDate><request verb=\"ListRecords\">http://export.arxiv.org/oai2</request>" +
         verb_body + "</OAI-PMH>";
}

std::string list_records(const std::string& metadata, const std::string& header = "<header>",
                         const std::string& identifier = "oai:arXiv.org:2401.00001",
                         const std::string& datestamp = "2024-01-02") {
  return envelope("<ListRecords><record>" + header + "<identifier>" + identifier +
                  "</identifier><datestamp>" + datestamp +
                  "</datestamp><setSpec>cs</setSpec></header>" + metadata +
                  "</record></ListRecords>");
}

std::string payload(const std::string& ns, const std::string& inner, const std::string& tag = "x") {
  return "<metadata><" + tag + " xmlns=\"" + ns + "\">" + inner + "</" + tag + "></metadata>";
}

const std::string kArxivNs = "http://arxiv.org/OAI/arXiv/";
const std::string kRawNs = "http://arxiv.org/OAI/arXivRaw/";

TEST_CASE("malformed, foreign or inconsistent small documents fail with a message saying where") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "malformed OAI-PMH XML at byte 0"},
      {"just some text", "malformed OAI-PMH XML"},
      {"<rss version=\"2.0\"><channel/></rss>",
       "not an OAI-PMH document: the root element is <rss>"},
      {envelope(""), "neither an <error> nor a verb element"},
      {envelope("<ListRecords><record><metadata/></record></ListRecords>"),
       "record 1 has no <header>"},
      {list_records("", "<header>", ""), "record 1: header has no identifier"},
      {list_records("", "<header>", "oai:arXiv.org:12"),
       "record 1: header identifier: not an arXiv id: 'oai:arXiv.org:12'"},
      {list_records("", "<header>", "oai:arXiv.org:2401.00001", "2024-13-45"),
       "record 1: header datestamp: not an ISO 8601 date: '2024-13-45'"},
      {list_records(""),
       "record 1 (oai:arXiv.org:2401.00001) is not deleted but has no <metadata>"},
      {list_records(payload("http://example.org/foo/", "", "foo")),
       "unsupported metadata format <foo> in namespace 'http://example.org/foo/'"},
      {list_records(payload(kArxivNs, "<created>yesterday</created>")),
       "record 1 (oai:arXiv.org:2401.00001): created: not an ISO 8601 date: 'yesterday'"},
      {list_records(payload(kRawNs, "<version version=\"v1\"><date>soon</date></version>")),
       "first version date: not an RFC 822 date: 'soon'"},
      {list_records(payload(kRawNs, "<id>2401.00002</id>")),
       "metadata id 2401.00002 does not match the header's 2401.00001"},
      {envelope(
           "<ListIdentifiers><resumptionToken cursor=\"x\">t</resumptionToken></ListIdentifiers>"),
       "resumptionToken cursor 'x' is not a non-negative number"},
      {envelope("<ListIdentifiers><header><identifier>oai:arXiv.org:2401.00001</identifier>"
                "</header></ListIdentifiers>"),
       "header 1: header oai:arXiv.org:2401.00001 has no datestamp"},
  };
  for (const auto& c : cases) {
    const auto& input = c.first;
    const auto& expected = c.second;
    CAPTURE(input);
    Result<OaiPage> r = parse_oai_response(input);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
    CHECK(r.error().reason.empty());
    CHECK_MESSAGE(r.error().message.find(expected) != std::string::npos, r.error().message);
  }
}

TEST_CASE("OAI errors carry every error's code and text, and a missing code is invalid input") {
  Result<OaiPage> two = parse_oai_response(
      envelope("<error code=\"badArgument\">bad from</error><error code=\"badArgument\">bad "
               "until</error>"));
  REQUIRE_FALSE(two.ok());
  CHECK(two.error().reason == "badArgument");
  CHECK(two.error().message == "OAI-PMH error badArgument: bad from; badArgument: bad until");
  Result<OaiPage> uncoded = parse_oai_response(envelope("<error>something broke</error>"));
  REQUIRE_FALSE(uncoded.ok());
  CHECK(uncoded.error().code == ErrorCode::kInvalidInput);
  CHECK(uncoded.error().message == "OAI-PMH error (no code): something broke");
}

TEST_CASE("a deleted record keeps its header and gives no paper") {
  OaiPage page = parse_ok(list_records("", "<header status=\"deleted\">"), "deleted");
  REQUIRE(page.headers.size() == 1);
  CHECK(page.headers[0].deleted);
  CHECK(page.headers[0].id == "2401.00001");
  CHECK(page.headers[0].sets == Strings{"cs"});
  CHECK(page.papers.empty());
}

TEST_CASE("metadata formats are told apart by namespace, whatever prefix or scheme is used") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<metadata><a:arXiv xmlns:a=\"http://arxiv.org/OAI/arXiv/\"><a:title>T</a:title>"
       "</a:arXiv></metadata>",
       "arXiv"},
      {payload("https://arxiv.org/OAI/arXivRaw", "<title>T</title>", "arXiv"), "arXivRaw"},
      {payload("http://www.openarchives.org/OAI/2.0/oai_dc/", "<title>T</title>", "dc"), "oai_dc"},
      {"<metadata><arXivRaw><title>T</title></arXivRaw></metadata>", "arXivRaw"},
  };
  for (const auto& [metadata, prefix] : cases) {
    OaiPage page = parse_ok(list_records(metadata), metadata);
    CHECK(page.metadata_prefix == prefix);
    REQUIRE(page.papers.size() == 1);
    CHECK(page.papers[0].title == "T");
  }
}

TEST_CASE("oai_dc creators, subjects and identifiers map onto paper fields") {
  OaiPage page = parse_ok(
      list_records(payload(
          "http://www.openarchives.org/OAI/2.0/oai_dc/",
          "<creator>Keyname, Forenames</creator><creator>Lomonaco, Jr, Samuel J.</creator>"
          "<creator>ATLAS Collaboration</creator><creator>O&amp;#39;Neil, Ann</creator>"
          "<subject>cs.LG</subject><subject>Computer Science - Learning</subject>"
          "<subject>81V99</subject><subject>quant-ph</subject><subject>foo.bar</subject>"
          "<description>Comment: 3 pages</description><description>The abstract.</description>"
          "<identifier>https://doi.org/10.1/x</identifier>"
          "<identifier>Journal reference: J. Foo 1 (2024)</identifier>"
          "<identifier>http://arxiv.org/abs/2401.00001v3</identifier>"
          "<rights>http://creativecommons.org/licenses/by/4.0/</rights>",
          "dc")),
      "dc");
  REQUIRE(page.papers.size() == 1);
  const Paper& p = page.papers[0];
  CHECK(p.id == "2401.00001");
  CHECK(p.authors ==
        Strings{"Forenames Keyname", "Samuel J. Lomonaco Jr", "ATLAS Collaboration", "Ann O'Neil"});
  CHECK(p.categories == Strings{"cs.LG", "quant-ph"});
  CHECK(p.comments == "3 pages");
  CHECK(p.abstract == "The abstract.");
  CHECK(p.doi == "10.1/x");
  CHECK(p.journal_ref == "J. Foo 1 (2024)");
  CHECK(p.license == "http://creativecommons.org/licenses/by/4.0/");
}

TEST_CASE("an arXivRaw record without versions has version 0 and no dates") {
  OaiPage page = parse_ok(
      list_records(payload(kRawNs, "<authors>A. One, B. Two, and C. Three</authors>", "arXivRaw")),
      "raw");
  REQUIRE(page.papers.size() == 1);
  CHECK(page.papers[0].version == 0);
  CHECK(page.papers[0].submitted.empty());
  CHECK(page.papers[0].updated.empty());
  CHECK(page.papers[0].authors == Strings{"A. One", "B. Two", "C. Three"});
}

// Damaged copies of real files must fail cleanly or give a consistent page; a copy cut before
// the root element closes must always fail.
TEST_CASE("truncated, tag-stripped, byte-flipped and garbage-laced real files never crash") {
  const std::vector<fs::path> files = {
      oai_dir() / "arXivOAIHarvester" / "GetRecordResponse.xml",
      oai_dir() / "arXivOAIHarvester" / "ListRecordsResponse.xml",
      oai_dir() / "arXivOAIHarvester" / "ErrorResponseBadVerb.xml",
      invenio("sample_oai_dc_response.xml"),
      oai_dir() / "new-oaipmh-2026" /
          "agentgraph_ListRecords_arXiv_set_physics-physics-plasm-ph_2026-09-20.xml",
      paperhive("2016", "listidentifiers---should-list-identifiers-from-arxiv", 2),
  };
  std::mt19937 rng(20240102);
  size_t truncated = 0, damaged = 0;
  for (const fs::path& path : files) {
    CAPTURE(path);
    const std::string bytes = testing::read_file(path);
    const size_t root_end = bytes.rfind('>') + 1;
    for (size_t cut = 0; cut < root_end; cut += 1 + bytes.size() / 400, ++truncated) {
      Result<OaiPage> r = parse_oai_response(std::string_view(bytes).substr(0, cut));
      REQUIRE_MESSAGE(!r.ok(), "cut at " << cut);
      CHECK(r.error().code == ErrorCode::kInvalidInput);
    }
    auto check_damaged = [&](const std::string& copy) {
      Result<OaiPage> r = parse_oai_response(copy);
      if (r.ok())
        check_consistent(*r);
      else
        CHECK(!r.error().message.empty());
      ++damaged;
    };
    for (size_t lt = bytes.find('<'); lt != std::string::npos; lt = bytes.find('<', lt + 1)) {
      std::string copy = bytes;
      copy.erase(lt, copy.find('>', lt) - lt + 1);
      check_damaged(copy);
    }
    for (int i = 0; i < 300; ++i) {
      std::string copy = bytes;
      for (int n = 0; n <= i % 4; ++n)
        copy[rng() % copy.size()] ^= static_cast<char>(1 + rng() % 255);
      check_damaged(copy);
      std::string garbage(1 + rng() % 40, '\0');
      for (char& c : garbage) c = static_cast<char>(rng() % 256);
      copy = bytes;
      check_damaged(copy.insert(rng() % copy.size(), garbage));
    }
  }
  CHECK(truncated > 2000);
  CHECK(damaged > 3600);
}

}  // namespace
}  // namespace arxiv
