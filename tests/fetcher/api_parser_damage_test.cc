#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/api_parser.h"
#include "fetcher/text.h"
#include "tests/fetcher/api_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::api::atom_dir;
using testing::api::counts;
using testing::api::entry;
using testing::api::feed;
using testing::api::golden;
using testing::api::kId;
using testing::api::parse_ok;

TEST_CASE("small malformed feeds and entries are rejected naming the element at fault") {
  struct Case {
    std::string name;
    std::string bytes;
    const char* message_part;
  };
  const Case cases[] = {
      {"empty input", "", "not well-formed XML: 0 root elements"},
      {"blanks", "  \n ", "not well-formed XML: 0 root elements"},
      {"only a declaration", "<?xml version='1.0' encoding='UTF-8'?>", "0 root elements"},
      {"plain text", "Rate exceeded.", "not well-formed XML: text outside the root element"},
      {"an HTML error page", "<html><body><h1>503 Service Unavailable</h1></body></html>",
       "root element is <html>"},
      {"an unclosed feed", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
       "not well-formed"},
      {"a feed outside the Atom namespace", "<feed><entry/></feed>", "expected Atom <feed>"},
      {"an RSS document", "<rss version=\"2.0\"><channel/></rss>", "root element is <rss>"},
      {"a JSON golden wrapper instead of its body",
       read_file(golden("id_1605.08386_").replace_extension("").replace_extension(".json")),
       "not well-formed"},
      {"text before the feed", "{\"body\": \"" + feed("") + "\"}", "text outside the root element"},
      {"junk after the feed", feed("") + "<feed/>", "2 root elements"},
      {"no opensearch counts", feed(entry(kId), ""), "opensearch:totalResults is missing"},
      {"counts in a foreign namespace", feed("", counts("1", "1", "0", "")),
       "opensearch:totalResults is missing"},
      {"a word for totalResults", feed("", counts("1", "lots", "0")),
       "opensearch:totalResults is not a non-negative number: 'lots'"},
      {"a negative startIndex", feed("", counts("1", "3", "-1")),
       "opensearch:startIndex is not a non-negative number: '-1'"},
      {"a fractional itemsPerPage", feed("", counts("1.5", "3", "0")),
       "opensearch:itemsPerPage is not a non-negative number: '1.5'"},
      {"an entry without an id", feed(entry("<title>Lost</title>")),
       "arXiv API entry 1: missing or empty <id>"},
      {"an entry with a non-arXiv id", feed(entry("<id>http://arxiv.org/abs/garbage</id>")),
       "arXiv API entry 1 (http://arxiv.org/abs/garbage): <id>: not an arXiv id"},
      {"a bad second entry", feed(entry(kId) + entry("<id>  </id>")),
       "arXiv API entry 2: missing or empty <id>"},
      {"an impossible published day",
       feed(entry(std::string(kId) + "<published>2024-13-01T00:00:00Z</published>")),
       "(http://arxiv.org/abs/2401.01234v2): <published>: not an ISO 8601 date"},
      {"a wordy updated date", feed(entry(std::string(kId) + "<updated>yesterday</updated>")),
       "<updated>: not an ISO 8601 date: 'yesterday'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto result = parse_api_response(c.bytes);
    REQUIRE(!result.ok());
    CHECK(result.error().code == ErrorCode::kInvalidInput);
    CHECK(result.error().reason.empty());
    CHECK_MESSAGE(result.error().message.find(c.message_part) != std::string::npos,
                  result.error().message);
  }
}

TEST_CASE("error feeds, real and in the old format, carry arXiv's message and reason") {
  struct Case {
    std::string name;
    std::string bytes;
    const char* message;
    const char* reason;
  };
  const Case cases[] = {
      {"the real id_list=abc response", read_file(golden("id_abc_")), "incorrect id format for abc",
       "incorrect_id_format_for_abc"},
      {"old format, inline namespaces",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
       "<opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">1"
       "</opensearch:totalResults><entry><id>http://arxiv.org/api/errors#"
       "incorrect_id_format_for_1234.12345v1</id><title>Error</title><summary>incorrect id "
       "format for 1234.12345v1</summary></entry></feed>",
       "incorrect id format for 1234.12345v1", "incorrect_id_format_for_1234.12345v1"},
      {"an error after a good entry",
       feed(entry(kId) + entry("<id>https://arxiv.org/api/errors#max_results_too_large</id>"
                               "<summary>max_results\n too large</summary>")),
       "max_results too large", "max_results_too_large"},
      {"no fragment and no summary", feed(entry("<id>https://arxiv.org/api/errors</id>")),
       "arXiv API error https://arxiv.org/api/errors", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto result = parse_api_response(c.bytes);
    REQUIRE(!result.ok());
    CHECK(result.error().code == ErrorCode::kInvalidInput);
    CHECK(result.error().message == c.message);
    CHECK(result.error().reason == c.reason);
  }
}

// Files small enough to cut at every byte, and large ones cut at a stride.
struct CutPlan {
  fs::path path;
  size_t stride;
};

TEST_CASE("a real response cut before </feed> is rejected and one cut after it parses whole") {
  const CutPlan plans[] = {
      {atom_dir() / "zoia_id_list_1601.00001_2020-09-04.xml", 1},
      {golden("id_abc_"), 1},
      {golden("id_0000.0000_"), 1},
      {atom_dir() / "arxivpy-2016" / "q_au_del_maestro.xml", 13},
      {atom_dir() / "arxiv-digest_q_all_nicotine_2026-07-17.xml", 17},
      {golden("q_testing_s0_m100_"), 1021},
  };
  size_t cuts = 0;
  for (const CutPlan& plan : plans) {
    CAPTURE(plan.path.string());
    const std::string bytes = read_file(plan.path);
    const size_t end = bytes.rfind("</feed>") + 7;
    const auto whole = parse_api_response(bytes);
    std::vector<size_t> accepted;
    for (size_t n = 0; n < end; n += plan.stride, ++cuts) {
      const auto cut = parse_api_response(std::string_view(bytes).substr(0, n));
      if (cut.ok() || cut.error().code != ErrorCode::kInvalidInput || !cut.error().reason.empty())
        accepted.push_back(n);
    }
    CHECK_MESSAGE(accepted.empty(), accepted.size() << " cuts not rejected, first at "
                                                    << (accepted.empty() ? 0 : accepted.front()));
    for (size_t n = end; n <= bytes.size(); ++n) {
      const auto cut = parse_api_response(std::string_view(bytes).substr(0, n));
      REQUIRE(cut.ok() == whole.ok());
      if (cut.ok()) CHECK(cut->papers == whole->papers);
    }
  }
  CHECK(cuts > 8000);
}

TEST_CASE("removing any one tag of a real response is an error unless the tag was self-closing") {
  for (const fs::path& path : {atom_dir() / "zoia_id_list_1601.00001_2020-09-04.xml",
                               atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml",
                               golden("id_astro-ph_0601001_")}) {
    CAPTURE(path.string());
    const std::string bytes = read_file(path);
    const ApiPage whole = parse_ok(bytes, path.string());
    size_t tags = 0;
    for (size_t at = bytes.find('<'); at != std::string::npos; at = bytes.find('<', at + 1)) {
      const size_t close = bytes.find('>', at);
      REQUIRE(close != std::string::npos);
      const std::string tag = bytes.substr(at, close + 1 - at);
      const bool standalone = tag.ends_with("/>") || tag.starts_with("<?");
      CAPTURE(tag);
      const auto result = parse_api_response(bytes.substr(0, at) + bytes.substr(close + 1));
      if (standalone) {
        REQUIRE(result.ok());
        CHECK(result->papers.size() == whole.papers.size());
      } else {
        REQUIRE(!result.ok());
        CHECK(!result.error().message.empty());
      }
      ++tags;
    }
    CHECK(tags > 40);
  }
}

TEST_CASE("removing a whole required element names it, removing an optional one empties a field") {
  const std::string bytes = read_file(golden("id_0808.05394_1707.08567_"));
  // Cuts the first element spelled `open`…`close` at or after `from` (the first entry by default).
  auto without = [&](const std::string& open, const std::string& close,
                     size_t from = std::string::npos) {
    const size_t at = bytes.find(open, from == std::string::npos ? bytes.find("<entry>") : from);
    REQUIRE(at != std::string::npos);
    return bytes.substr(0, at) + bytes.substr(bytes.find(close, at) + close.size());
  };
  const auto no_id = parse_api_response(without("<id>", "</id>"));
  REQUIRE(!no_id.ok());
  CHECK(no_id.error().message == "arXiv API entry 1: missing or empty <id>");

  const auto no_total =
      parse_api_response(without("<opensearch:totalResults>", "</opensearch:totalResults>", 0));
  REQUIRE(!no_total.ok());
  CHECK(no_total.error().message == "arXiv API feed: opensearch:totalResults is missing");

  const ApiPage whole = parse_ok(bytes, "two-id response");
  REQUIRE(whole.papers.size() == 1);
  CHECK(!whole.papers[0].submitted.empty());
  const ApiPage no_published = parse_ok(without("<published>", "</published>"), "no published");
  REQUIRE(no_published.papers.size() == 1);
  CHECK(no_published.papers[0].submitted.empty());
  CHECK(no_published.papers[0].title == whole.papers[0].title);
  const ApiPage no_primary = parse_ok(without("<arxiv:primary_category", "/>"), "no primary");
  REQUIRE(no_primary.papers.size() == 1);
  CHECK(no_primary.papers[0].categories == whole.papers[0].categories);
}

TEST_CASE("flipped bytes and inserted garbage give an error or a sane page, never a crash") {
  const std::string kGarbage[] = {"<",
                                  ">",
                                  "&",
                                  "&#0;",
                                  "]]>",
                                  "<!--",
                                  "\"",
                                  std::string("\0\xff", 2),
                                  "<entry>",
                                  "</entry>",
                                  "\xef\xbb\xbf",
                                  "<![CDATA["};
  std::mt19937 rng(20260412);
  size_t rejected = 0, accepted = 0;
  for (const fs::path& path :
       {atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml",
        atom_dir() / "arxivpy-2016" / "q_au_del_maestro.xml", golden("q_testing_s5_m15_")}) {
    CAPTURE(path.string());
    const std::string bytes = read_file(path);
    for (int round = 0; round < 400; ++round) {
      std::string mutated = bytes;
      const size_t at = std::uniform_int_distribution<size_t>(0, bytes.size() - 1)(rng);
      if (round % 2 == 0) {
        for (size_t i = at; i < std::min(at + 1 + round % 3, mutated.size()); ++i)
          mutated[i] = static_cast<char>(rng() & 0xff);
      } else {
        mutated.insert(at, kGarbage[rng() % std::size(kGarbage)]);
      }
      const auto result = parse_api_response(mutated);
      if (!result.ok()) {
        ++rejected;
        CHECK(result.error().code == ErrorCode::kInvalidInput);
        CHECK(!result.error().message.empty());
        continue;
      }
      ++accepted;
      for (const Paper& p : result->papers) {
        CHECK(parse_arxiv_id(p.id).ok());
        CHECK((p.submitted.empty() || is_valid_day(p.submitted)));
        CHECK((p.updated.empty() || is_valid_day(p.updated)));
      }
    }
  }
  CHECK(rejected > 100);
  CHECK(accepted > 100);
}

}  // namespace
}  // namespace arxiv
