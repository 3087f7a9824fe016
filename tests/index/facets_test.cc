#include "index/facets.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "index/ranker.h"
#include "tests/index/fixture_index.h"

namespace arxiv {

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

}  // namespace

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
