#include "index/explain.h"

#include <doctest/doctest.h>

#include <vector>

#include "fetcher/paper_json.h"
#include "index/paper_store.h"
#include "index/query_builder.h"
#include "index/schema.h"
#include "tests/index/fixture_index.h"

namespace arxiv {

namespace {

// The papers of the day that `query` ranks highest, loaded, with a profile's usual limit.
std::vector<Paper> top_papers(Xapian::Database& db, const Xapian::Query& query,
                              const Xapian::Query& day, std::vector<Xapian::docid>& docids) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, day));
  Xapian::MSet mset = enquire.get_mset(0, 20);
  std::vector<Paper> papers;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    auto paper = paper_from_json(nlohmann::json::parse(it.get_document().get_data()));
    REQUIRE(paper.ok());
    papers.push_back(std::move(paper).value());
    docids.push_back(*it);
  }
  return papers;
}

std::vector<Explained> to_explain(const std::vector<Paper>& papers,
                                  const std::vector<Xapian::docid>& docids) {
  std::vector<Explained> out;
  for (size_t i = 0; i < papers.size(); ++i) out.push_back({docids[i], &papers[i], {}});
  return out;
}

}  // namespace

TEST_CASE(
    "explaining a day's papers from shared unit matches gives what one query per unit gives") {
  auto reader = testing::open_fortnight();
  Xapian::Database& db = reader->database();
  const Xapian::Query day(schema::prefixed(schema::kDay, schema::compact_day("2025-03-25")));
  QueryBuilder builder;
  // One explainer for every profile, as a digest uses it: later profiles reuse earlier units.
  DayExplainer shared(db, day);
  std::vector<Profile> profiles = default_profiles();
  Profile followed = profiles.front();
  followed.name = "nas-followed";
  followed.authors = {"Frank Hutter"};
  profiles.push_back(followed);
  size_t shown = 0, explained_terms = 0;
  for (const auto& profile : profiles) {
    CAPTURE(profile.name);
    auto built = builder.profile_query(profile);
    REQUIRE(built.ok());
    std::vector<Xapian::docid> docids;
    const std::vector<Paper> papers = top_papers(db, built->query, day, docids);
    REQUIRE_FALSE(papers.empty());
    shown += papers.size();
    auto one_query_per_unit = to_explain(papers, docids);
    explain_matches(db, built.value(), one_query_per_unit);
    auto from_day = to_explain(papers, docids);
    shared.explain(built.value(), from_day);
    for (size_t i = 0; i < papers.size(); ++i) {
      CAPTURE(papers[i].id);
      CHECK(matched_lines(from_day[i].terms) == matched_lines(one_query_per_unit[i].terms));
      explained_terms += one_query_per_unit[i].terms.size();
    }
  }
  // Every paper matched some unit or author, so the lists compared above are not empty.
  CHECK(explained_terms >= shown);
}

}  // namespace arxiv
