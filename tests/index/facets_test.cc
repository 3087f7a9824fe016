#include "index/facets.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "index/importer.h"
#include "index/ranker.h"
#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

using testing::TempDir;

namespace {

std::map<std::string, size_t> as_map(const std::vector<FacetCount>& counts) {
  std::map<std::string, size_t> out;
  for (const auto& c : counts) out[c.name] = c.count;
  return out;
}

// Every paper the search matches (one page holding them all).
std::vector<Paper> all_matches(PaperReader& reader, SearchOptions options) {
  options.limit = 100000;
  options.offset = 0;
  options.spy = nullptr;
  auto results = search_papers(reader, options);
  REQUIRE(results.ok());
  REQUIRE(results->papers.size() == results->total);
  std::vector<Paper> out;
  for (auto& r : results->papers) out.push_back(std::move(r.paper));
  return out;
}

// Facets of `text` counted by `spy`.
Facets facets_of(PaperReader& reader, const std::string& text, FacetSpy& spy) {
  SearchOptions options;
  options.text = text;
  options.limit = 3;
  options.spy = &spy;
  REQUIRE(search_papers(reader, options).ok());
  return spy.facets();
}

void check_same(const std::vector<FacetCount>& a, const std::vector<FacetCount>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].name == b[i].name);
    CHECK(a[i].count == b[i].count);
  }
}

}  // namespace

TEST_CASE("facets from the facet table are those from each paper's terms, in the same order") {
  TempDir dir;
  REQUIRE(import_paths(dir.path(), testing::replay_files("2025-03-18", "2025-03-20"), {}).ok());
  FacetTables tables;
  auto reader = PaperReader::open(dir.path());
  REQUIRE(reader.ok());
  auto table = tables.of(*reader.value());
  REQUIRE(table.ok());
  auto again = tables.of(*reader.value());
  REQUIRE(again.ok());
  CHECK(again.value() == table.value());  // one table per revision

  // A later import: a new revision, a new table that knows the new papers and days.
  REQUIRE(import_paths(dir.path(), testing::replay_files("2025-12-30", "2026-01-02"), {}).ok());
  REQUIRE(reader.value()->reopen().ok());
  auto newer = tables.of(*reader.value());
  REQUIRE(newer.ok());
  CHECK(newer.value() != table.value());
  for (const std::string text : {"learning", "\"language model\" evaluation", "quantum"}) {
    CAPTURE(text);
    FacetSpy by_terms;
    FacetSpy by_table(newer.value());
    const Facets expected = facets_of(*reader.value(), text, by_terms);
    const Facets counted = facets_of(*reader.value(), text, by_table);
    if (text == "learning") CHECK(expected.years.size() == 2);  // across the new year
    check_same(counted.categories, expected.categories);
    check_same(counted.days, expected.days);
    check_same(counted.years, expected.years);
  }
}

TEST_CASE("facets count every match of a search, not only the page, by category, day and year") {
  auto reader = testing::open_fortnight();
  for (const char* text : {"learning", "\"language model\" evaluation"}) {
    CAPTURE(text);
    SearchOptions options;
    options.text = text;
    options.limit = 3;
    FacetSpy spy;
    options.spy = &spy;
    auto page = search_papers(*reader, options);
    REQUIRE(page.ok());
    CHECK(page->papers.size() <= 3);
    const Facets facets = spy.facets();

    // The same counts, from the papers themselves.
    std::map<std::string, size_t> categories, days, years;
    const auto papers = all_matches(*reader, options);
    CHECK(papers.size() > 3);
    for (const auto& p : papers) {
      for (const auto& c : p.categories) ++categories[c];
      std::set<std::string> of_paper;
      for (const auto& a : p.announcements) {
        ++days[a.day];
        of_paper.insert(a.day.substr(0, 4));
      }
      for (const auto& y : of_paper) ++years[y];
    }
    CHECK(as_map(facets.categories) == categories);
    CHECK(as_map(facets.days) == days);
    CHECK(as_map(facets.years) == years);
    for (size_t i = 1; i < facets.categories.size(); ++i)
      CHECK(facets.categories[i - 1].count >= facets.categories[i].count);
  }
}

TEST_CASE("the category filter keeps the papers listed in any of the categories") {
  auto reader = testing::open_fortnight();
  SearchOptions options;
  options.text = "learning";
  const size_t everything = all_matches(*reader, options).size();
  options.categories = {"cs.RO"};
  const auto robotics = all_matches(*reader, options);
  options.categories = {"q-bio.NC"};
  const auto neuro = all_matches(*reader, options);
  options.categories = {"cs.RO", "q-bio.NC"};
  const auto both = all_matches(*reader, options);
  REQUIRE_FALSE(robotics.empty());
  REQUIRE_FALSE(neuro.empty());
  CHECK(robotics.size() < everything);
  for (const auto& p : both) {
    const bool listed =
        std::find(p.categories.begin(), p.categories.end(), "cs.RO") != p.categories.end() ||
        std::find(p.categories.begin(), p.categories.end(), "q-bio.NC") != p.categories.end();
    CHECK_MESSAGE(listed, p.id);
  }
  std::set<std::string> united;
  for (const auto& p : robotics) united.insert(p.id);
  for (const auto& p : neuro) united.insert(p.id);
  CHECK(both.size() == united.size());
  // A cross-list counts: some robotics papers have another primary category.
  CHECK(std::any_of(robotics.begin(), robotics.end(),
                    [](const Paper& p) { return p.categories.front() != "cs.RO"; }));
}

}  // namespace arxiv
