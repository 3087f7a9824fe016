#include "fetcher/source_format.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using Paths = std::vector<std::filesystem::path>;

constexpr size_t kHeadSize = 4096;

// The first 4 KiB of a file, decompressed: what callers hand to detect_source_format.
std::string head_of(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  REQUIRE_MESSAGE(file != nullptr, path.string());
  std::string head(kHeadSize, '\0');
  const int n = gzread(file, head.data(), static_cast<unsigned>(head.size()));
  gzclose(file);
  REQUIRE_MESSAGE(n >= 0, path.string());
  head.resize(static_cast<size_t>(n));
  return head;
}

std::filesystem::path data(const std::string& relative) {
  return testing::shared_data() / relative;
}

Paths under(const std::string& dir, const std::string& suffix) {
  return testing::files_under(data(dir), suffix);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Every file must be detected as `expected`; returns how many were checked.
size_t expect_all(const Paths& paths, SourceFormat expected) {
  for (const auto& path : paths) {
    CHECK_MESSAGE(detect_source_format(head_of(path)) == expected,
                  path.string() << " is not a " << std::string(source_format_name(expected)));
  }
  return paths.size();
}

TEST_CASE("every listing feed capture is detected as a listing feed") {
  CHECK(expect_all(under("replay/rss", ".xml.gz"), SourceFormat::kListingFeed) == 396);
  CHECK(expect_all(
            {data("fixtures/rss/trimmed/laya-reader_rss_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24.xml"),
             data("fixtures/rss/trimmed/paper-forge_atom_cs.LG_2026-09-25.xml")},
            SourceFormat::kListingFeed) == 2);
}

TEST_CASE("every API response, old and new format, is detected as an API feed") {
  const Paths old_format = {data("fixtures/atom/zoia_id_list_1601.00001_2020-09-04.xml"),
                            data("fixtures/atom/xiv_q_cat_cs.RO_AND_neural_2025-10-17.xml")};
  CHECK(expect_all(old_format, SourceFormat::kApiFeed) == 2);
  CHECK(expect_all(under("fixtures/atom/arxivpy-2016", ".xml"), SourceFormat::kApiFeed) == 5);
  const Paths new_format = {data("fixtures/atom/zotero-validate_id_list_1706.03762_2026-06-30.xml"),
                            data("fixtures/atom/arxiv-digest_q_all_nicotine_2026-07-17.xml")};
  CHECK(expect_all(new_format, SourceFormat::kApiFeed) == 2);
  // Includes the HTTP 400 error feed and the empty result feeds.
  CHECK(expect_all(under("fixtures/atom/arxivpy-2026", ".body.xml"), SourceFormat::kApiFeed) == 22);
}

TEST_CASE("every OAI-PMH response and the bare ListRecords corpus are detected as OAI") {
  Paths envelopes;
  for (const auto& path : under("fixtures/oai", ".xml")) {
    // paperhive recorded a bare <error> fragment to test rejection of malformed responses.
    if (!contains(path.string(), "should-reject-malformed-xml")) envelopes.push_back(path);
  }
  CHECK(expect_all(envelopes, SourceFormat::kOai) == 36);
  CHECK(expect_all(under("corpus/oai-records", ".xml.gz"), SourceFormat::kOai) == 1);
}

TEST_CASE("the Kaggle snapshot and every daily digest are detected as JSON-lines metadata") {
  CHECK(expect_all({data("corpus/kaggle-format/arxiv-metadata-oai-snapshot.head200.json")},
                   SourceFormat::kMetadataJson) == 1);
  CHECK(expect_all(under("corpus/daily-arxiv-ai-enhanced", ".jsonl.gz"),
                   SourceFormat::kMetadataJson) == 396);
  CHECK(expect_all(under("corpus/daily-arxiv-ai-enhanced-springkill", ".jsonl.gz"),
                   SourceFormat::kMetadataJson) == 23);
}

TEST_CASE("real files that are not arXiv documents are unknown") {
  // {url, status_code, body} wrappers around API responses, nock recordings (JSON arrays),
  // the 503 "Retry after" HTML pages, the bare <error> fragment and arXiv's internal .abs files.
  CHECK(expect_all(under("fixtures/atom/arxivpy-2026", ".json"), SourceFormat::kUnknown) == 22);
  CHECK(expect_all(under("fixtures/oai/paperhive-oai-pmh", ".json"), SourceFormat::kUnknown) == 16);
  CHECK(expect_all(under("fixtures/oai/paperhive-oai-pmh", ".html"), SourceFormat::kUnknown) == 3);
  CHECK(expect_all(
            under("fixtures/oai/paperhive-oai-pmh/2020", "malformed-xml-arxiv.resp0.status200.xml"),
            SourceFormat::kUnknown) == 1);
  CHECK(expect_all(under("corpus/arxiv-browse-abs", ".abs"), SourceFormat::kUnknown) == 1192);
}

TEST_CASE("small inputs are told apart by root element and first line") {
  struct Case {
    const char* name;
    std::string head;
    SourceFormat expected;
  };
  const Case cases[] = {
      {"empty", "", SourceFormat::kUnknown},
      {"whitespace", " \n\t\r\n", SourceFormat::kUnknown},
      {"byte order mark only", "\xEF\xBB\xBF", SourceFormat::kUnknown},
      {"html 503", "<html><body>\n<h1>Retry after 20 seconds</h1>\n</body></html>\n",
       SourceFormat::kUnknown},
      {"doctype html", "<!DOCTYPE html>\n<html lang=\"en\">", SourceFormat::kUnknown},
      {"rss after bom", "\xEF\xBB\xBF<?xml version='1.0'?>\n<rss version=\"2.0\">",
       SourceFormat::kListingFeed},
      {"rdf rss 1.0", "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", SourceFormat::kUnknown},
      {"prefixed oai root", "<oai:OAI-PMH xmlns:oai=\"http://www.openarchives.org/OAI/2.0/\">",
       SourceFormat::kOai},
      {"comment holding markup before the root",
       "<?xml version=\"1.0\"?>\n<!-- was <rss> until 2024 -->\n<OAI-PMH>", SourceFormat::kOai},
      {"doctype with internal subset", "<!DOCTYPE rss [<!ENTITY a \"b\">]>\n<rss>",
       SourceFormat::kListingFeed},
      {"stylesheet instruction", "<?xml-stylesheet type=\"text/xsl\" href=\"a>b.xsl\"?><OAI-PMH>",
       SourceFormat::kOai},
      {"unclosed comment", "<!-- <rss>", SourceFormat::kUnknown},
      {"another site's atom feed", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>x</id>",
       SourceFormat::kUnknown},
      {"atom feed of rss.arxiv.org", "<feed><id>http://rss.arxiv.org/atom/cs.LG</id>",
       SourceFormat::kListingFeed},
      {"api mark only inside an entry", "<feed><entry><id>http://arxiv.org/api/x</id>",
       SourceFormat::kUnknown},
      {"feed with opensearch", "<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">",
       SourceFormat::kApiFeed},
      {"json line with id key", "{\"id\": \"2501.00001\", \"title\": \"t\"}\n",
       SourceFormat::kMetadataJson},
      {"json id key with spaces", "{ \"id\"  :\"0704.0001\"}", SourceFormat::kMetadataJson},
      {"json with id only as a value", "{\"kind\": \"id\"}\n{\"id\": 1}", SourceFormat::kUnknown},
      {"json wrapper",
       "{\"url\": \"https://export.arxiv.org/api/query\", \"status_code\": 200, "
       "\"body\": \"<feed><id>x</id></feed>\"}",
       SourceFormat::kUnknown},
      {"json array", "[{\"id\": \"2501.00001\"}]", SourceFormat::kUnknown},
      {"plain text", "Paper: arXiv:2501.00001\n", SourceFormat::kUnknown},
      {"lone angle bracket", "<", SourceFormat::kUnknown},
  };
  for (const auto& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    CHECK(detect_source_format(c.head) == c.expected);
  }
}

TEST_CASE("a listing feed whose entry mentions OpenSearch stays a listing feed") {
  std::string head =
      testing::read_file(data("fixtures/rss/trimmed/paper-forge_atom_cs.LG_2026-09-25.xml"));
  const size_t summary = head.find("<summary>");
  REQUIRE(summary != std::string::npos);
  head.insert(summary + 9, "We index papers with opensearch via arxiv.org/api queries. ");
  CHECK(detect_source_format(head) == SourceFormat::kListingFeed);
}

TEST_CASE("random bytes are unknown") {
  std::mt19937 rng(20250318);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 500; ++i) {
    std::string head(1 + static_cast<size_t>(i) * 7 % kHeadSize, '\0');
    for (char& c : head) c = static_cast<char>(byte(rng));
    CAPTURE(i);
    CHECK(detect_source_format(head) == SourceFormat::kUnknown);
  }
}

TEST_CASE("a real head cut at every offset is detected as its kind or unknown, never misread") {
  struct Case {
    const char* file;
    SourceFormat kind;
  };
  const Case cases[] = {
      {"fixtures/rss/trimmed/laya-reader_rss_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24.xml",
       SourceFormat::kListingFeed},
      {"fixtures/rss/trimmed/paper-forge_atom_cs.LG_2026-09-25.xml", SourceFormat::kListingFeed},
      {"fixtures/atom/zoia_id_list_1601.00001_2020-09-04.xml", SourceFormat::kApiFeed},
      {"fixtures/oai/new-oaipmh-2026/agentgraph_ListRecords_arXiv_set_physics-physics-plasm-ph_"
       "2026-09-20.xml",
       SourceFormat::kOai},
      {"corpus/daily-arxiv-ai-enhanced/2025-03-18.jsonl.gz", SourceFormat::kMetadataJson},
  };
  for (const auto& c : cases) {
    const std::string file = c.file;
    CAPTURE(file);
    const std::string head = head_of(data(file));
    std::set<SourceFormat> seen;
    for (size_t cut = 0; cut <= head.size(); ++cut) {
      const SourceFormat got = detect_source_format(std::string_view(head).substr(0, cut));
      if (got != c.kind && got != SourceFormat::kUnknown)
        FAIL_CHECK("cut at " << cut << " read as " << std::string(source_format_name(got)));
      seen.insert(got);
    }
    CHECK(seen.count(c.kind) == 1);
  }
}

TEST_CASE("every format has a distinct printable name") {
  std::set<std::string> names;
  for (SourceFormat f : {SourceFormat::kUnknown, SourceFormat::kListingFeed, SourceFormat::kApiFeed,
                         SourceFormat::kOai, SourceFormat::kMetadataJson}) {
    names.insert(source_format_name(f));
  }
  CHECK(names.size() == 5);
  CHECK(names.count("unknown format") == 1);
}

}  // namespace
}  // namespace arxiv
