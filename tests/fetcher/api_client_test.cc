#include "fetcher/api_client.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/fake_http.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;
using testing::FakeHttpClient;

constexpr char kBase[] = "http://127.0.0.1:8080/api/query";

std::filesystem::path atom_dir() { return testing::shared_data() / "fixtures" / "atom"; }
std::string attention() {
  return testing::read_file(atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml");
}
std::string golden(const std::string& prefix) {
  for (const auto& path : testing::files_under(atom_dir() / "arxivpy-2026", ".body.xml")) {
    if (path.filename().string().rfind(prefix, 0) == 0) return testing::read_file(path);
  }
  FAIL("no golden file starts with " << prefix);
  return {};
}
std::string heat_bath() { return golden("id_1605.08386_"); }

// The <entry> elements of a real page, and the page with them removed (counts untouched).
std::string entries_of(const std::string& page) {
  const auto first = page.find("<entry>");
  const auto last = page.rfind("</entry>");
  REQUIRE(first != std::string::npos);
  REQUIRE(last != std::string::npos);
  return page.substr(first, last + 8 - first);
}
std::string without_entries(std::string page) {
  const auto first = page.find("<entry>");
  page.erase(first, page.rfind("</entry>") + 8 - first);
  REQUIRE(page.find("<entry") == std::string::npos);
  return page;
}

HttpResponse ok(std::string body) { return HttpResponse{200, std::move(body), {}}; }

struct Rig {
  FakeClock clock;
  FakeHttpClient http{clock};
  PoliteClient polite{http, clock,
                      PolitenessOptions{milliseconds(100), 2, milliseconds(50), milliseconds(1000),
                                        milliseconds(60000), 3}};
  ApiClient api{polite, kBase};

  std::string url(size_t i) const { return http.requests().at(i).url; }
};

// The value of query parameter `name` in `url`.
std::string param(const std::string& url, const std::string& name) {
  auto at = url.find("?" + name + "=");
  if (at == std::string::npos) at = url.find("&" + name + "=");
  if (at == std::string::npos) return "<absent>";
  const auto begin = at + name.size() + 2;
  const auto end = url.find('&', begin);
  return url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

TEST_CASE("looking up 1706.03762 returns Attention Is All You Need from one id_list request") {
  Rig rig;
  rig.http.push(ok(attention()));
  auto papers = rig.api.lookup({"1706.03762"});
  REQUIRE_MESSAGE(papers.ok(), papers.error().message);
  REQUIRE(papers->size() == 1);
  const Paper& p = papers->front();
  CHECK(p.id == "1706.03762");
  CHECK(p.version == 7);
  CHECK(p.title == "Attention Is All You Need");
  CHECK(p.authors.front() == "Ashish Vaswani");
  REQUIRE(rig.http.requests().size() == 1);
  CHECK(rig.url(0) == std::string(kBase) + "?id_list=1706.03762&max_results=1&start=0");
}

TEST_CASE("ids are normalised, keep their version, and old ids are percent-encoded") {
  Rig rig;
  rig.http.push(ok(golden("id_0000.0000_")));
  auto papers =
      rig.api.lookup({"arXiv:1706.03762v5", "math.GT/0309136", "http://arxiv.org/abs/2401.01234"});
  REQUIRE_MESSAGE(papers.ok(), papers.error().message);
  CHECK(papers->empty());
  REQUIRE(rig.http.requests().size() == 1);
  CHECK(param(rig.url(0), "id_list") == "1706.03762v5,math%2F0309136,2401.01234");
  CHECK(param(rig.url(0), "max_results") == "3");
}

TEST_CASE("papers come back in the order asked for, whatever order the feed lists them in") {
  Rig rig;
  std::string both = attention();
  const auto at = both.find("<entry>");
  both.insert(at, entries_of(heat_bath()) + "\n");
  const auto total = both.find("totalResults>1<");
  REQUIRE(total != std::string::npos);
  both.replace(total, 15, "totalResults>2<");
  rig.http.push(ok(both));
  auto papers = rig.api.lookup({"1706.03762", "0808.05394", "1605.08386v1"});
  REQUIRE_MESSAGE(papers.ok(), papers.error().message);
  REQUIRE(papers->size() == 2);
  CHECK((*papers)[0].title == "Attention Is All You Need");
  CHECK((*papers)[1].id == "1605.08386");
  CHECK((*papers)[1].title == "Heat-bath random walks with Markov bases");
}

TEST_CASE("250 ids are fetched in three batches of at most 100, in order") {
  Rig rig;
  std::vector<std::string> ids;
  for (int i = 1; i <= 250; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "2401.%05d", i);
    ids.push_back(id);
  }
  ids[120] = "1706.03762";
  ids[230] = "1605.08386";
  rig.http.set_fallback([](const std::string& url) {
    if (url.find("1706.03762") != std::string::npos) return ok(attention());
    if (url.find("1605.08386") != std::string::npos) return ok(heat_bath());
    return ok(golden("id_0000.0000_"));
  });
  auto papers = rig.api.lookup(ids, 100);
  REQUIRE_MESSAGE(papers.ok(), papers.error().message);
  REQUIRE(rig.http.requests().size() == 3);
  for (size_t batch = 0; batch < 3; ++batch) {
    CAPTURE(batch);
    std::string expected;
    for (size_t i = batch * 100; i < std::min<size_t>(ids.size(), batch * 100 + 100); ++i) {
      expected += (expected.empty() ? "" : ",") + ids[i];
    }
    CHECK(param(rig.url(batch), "id_list") == expected);
    CHECK(param(rig.url(batch), "max_results") == (batch < 2 ? "100" : "50"));
    CHECK(param(rig.url(batch), "start") == "0");
  }
  REQUIRE(papers->size() == 2);
  CHECK((*papers)[0].id == "1706.03762");
  CHECK((*papers)[1].id == "1605.08386");
}

TEST_CASE("an id that does not parse is rejected before any request is made") {
  for (const std::string bad : {"abc", "", "1706.037", "arXiv:", "hep-th/99", "1706.03762v"}) {
    CAPTURE(bad);
    Rig rig;
    auto papers = rig.api.lookup({"1706.03762", bad});
    REQUIRE_FALSE(papers.ok());
    CHECK(papers.error().code == ErrorCode::kInvalidInput);
    CHECK(papers.error().message.find("'" + bad + "'") != std::string::npos);
    CHECK(rig.http.requests().empty());
  }
  Rig rig;
  auto zero = rig.api.lookup({"1706.03762"}, 0);
  REQUIRE_FALSE(zero.ok());
  CHECK(rig.http.requests().empty());
}

TEST_CASE("arXiv's error feed sent with HTTP 400 fails with kInvalidInput and its reason") {
  Rig rig;
  rig.http.push(HttpResponse{400, golden("id_abc_"), {}});
  rig.http.push(HttpResponse{400, golden("id_abc_"), {}});
  auto papers = rig.api.lookup({"1706.03762"});
  REQUIRE_FALSE(papers.ok());
  CHECK(papers.error().code == ErrorCode::kInvalidInput);
  CHECK(papers.error().reason == "incorrect_id_format_for_abc");
  CHECK(papers.error().message.find("incorrect id format for abc") != std::string::npos);
  auto page = rig.api.query("id:abc", 0, 10);
  REQUIRE_FALSE(page.ok());
  CHECK(page.error().reason == "incorrect_id_format_for_abc");
  CHECK(rig.http.requests().size() == 2);
}

TEST_CASE("HTTP 400 with an ordinary feed is still an error") {
  Rig rig;
  rig.http.push(HttpResponse{400, attention(), {}});
  auto papers = rig.api.lookup({"1706.03762"});
  REQUIRE_FALSE(papers.ok());
  CHECK(papers.error().code == ErrorCode::kInvalidInput);
  CHECK(papers.error().message.find("400") != std::string::npos);
}

TEST_CASE("statuses other than 200 and 400 fail with kUnavailable naming the status") {
  for (int status : {404, 403, 503}) {
    CAPTURE(status);
    Rig rig;
    rig.http.set_fallback([status](const std::string&) {
      return HttpResponse{status, "<html/>", {}};
    });
    auto papers = rig.api.lookup({"1706.03762"});
    REQUIRE_FALSE(papers.ok());
    CHECK(papers.error().code == ErrorCode::kUnavailable);
    CHECK(papers.error().message.find(std::to_string(status)) != std::string::npos);
  }
}

TEST_CASE(
    "an empty page while totalResults says entries exist is retried until the real page comes") {
  Rig rig;
  const std::string empty = without_entries(attention());
  rig.http.push(ok(empty));
  rig.http.push(ok(empty));
  rig.http.push(ok(attention()));
  auto papers = rig.api.lookup({"1706.03762"});
  REQUIRE_MESSAGE(papers.ok(), papers.error().message);
  REQUIRE(papers->size() == 1);
  CHECK(papers->front().title == "Attention Is All You Need");
  REQUIRE(rig.http.requests().size() == 3);
  CHECK(rig.url(2) == rig.url(0));
  // The retries go through the polite client, so its spacing applies to them too.
  CHECK(rig.http.requests()[1].at - rig.http.requests()[0].at >= milliseconds(100));
  CHECK(rig.http.requests()[2].at - rig.http.requests()[1].at >= milliseconds(100));
}

TEST_CASE("a page that stays empty while totalResults says entries exist fails with kUnavailable") {
  Rig rig;
  const std::string empty = without_entries(golden("q_testing_s10_m10_"));
  rig.http.set_fallback([&](const std::string&) { return ok(empty); });
  auto page = rig.api.query("all:testing", 10, 10);
  REQUIRE_FALSE(page.ok());
  CHECK(page.error().code == ErrorCode::kUnavailable);
  CHECK(page.error().message.find("empty page") != std::string::npos);
  CHECK(rig.http.requests().size() == 4);
}

TEST_CASE("a truly empty result is returned at once") {
  Rig rig;
  rig.http.push(ok(golden("id_0000.0000_")));
  auto papers = rig.api.lookup({"0000.0000"});
  REQUIRE_MESSAGE(papers.ok(), papers.error().message);
  CHECK(papers->empty());
  CHECK(rig.http.requests().size() == 1);
}

TEST_CASE("a search query is percent-encoded and its page returned with the counts") {
  Rig rig;
  rig.http.push(ok(golden("q_testing_s10_m10_")));
  auto page = rig.api.query("ti:\"attention is all\" AND cat:cs.LG", 10, 10);
  REQUIRE_MESSAGE(page.ok(), page.error().message);
  CHECK(rig.url(0) == std::string(kBase) +
                          "?search_query=ti%3A%22attention%20is%20all%22%20AND%20cat%3Acs.LG"
                          "&start=10&max_results=10");
  CHECK(page->total_results == 214881);
  CHECK(page->start_index == 10);
  REQUIRE(page->papers.size() == 10);
  CHECK(page->papers[0].id == "2403.16981");
  CHECK(page->papers[1].id == "2004.03322");
}

TEST_CASE("a body that is not an Atom feed fails with kInvalidInput naming the URL") {
  Rig rig;
  rig.http.push(ok("<html><body>Service temporarily unavailable</body></html>"));
  auto page = rig.api.query("all:testing", 0, 10);
  REQUIRE_FALSE(page.ok());
  CHECK(page.error().code == ErrorCode::kInvalidInput);
  CHECK(page.error().message.find(kBase) != std::string::npos);
}

}  // namespace
}  // namespace arxiv
