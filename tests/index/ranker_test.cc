#include "index/ranker.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "index/ranked_json.h"
#include "tests/index/fixture_index.h"

namespace arxiv {

namespace {

Profile nas_profile() {
  Profile p;
  p.name = "nas";
  p.title = "Neural architecture search";
  p.query =
      "\"neural architecture search\" OR \"architecture search\" OR NAS OR supernet OR \"zero-cost "
      "proxy\" OR "
      "architecture";
  p.categories = {"cs.LG", "cs.NE"};
  p.limit = 5;
  return p;
}

std::vector<std::string> ids(const std::vector<RankedPaper>& papers) {
  std::vector<std::string> out;
  for (const auto& r : papers) out.push_back(r.paper.id);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("a day's digest ranks the profile's must-reads first and says why they matched") {
  auto reader = testing::open_fortnight();
  auto digest = build_digest(*reader, {nas_profile()}, {"2025-03-25", "", 0});
  REQUIRE_MESSAGE(digest.ok(), digest.error().message);
  CHECK(digest->day == "2025-03-25");
  CHECK(digest->announced == 399);
  REQUIRE(digest->profiles.size() == 1);
  const auto& nas = digest->profiles[0];
  CHECK(nas.papers.size() == 5);
  CHECK(nas.matches >= 5);
  const auto top = ids(nas.papers);
  // Both judged must-read NAS papers of that day (shared/eval/labels-dev/nas.tsv) come first.
  CHECK(std::set<std::string>(top.begin(), top.begin() + 2) ==
        std::set<std::string>{"2503.17994", "2503.18646"});
  for (size_t i = 1; i < nas.papers.size(); ++i)
    CHECK(nas.papers[i - 1].score >= nas.papers[i].score);
  const auto& first = nas.papers[0];
  CHECK(first.announce_type == "new");
  REQUIRE_FALSE(first.matched.empty());
  auto zero_cost = std::find_if(nas.papers.begin(), nas.papers.end(),
                                [](const RankedPaper& r) { return r.paper.id == "2503.18646"; });
  REQUIRE(zero_cost != nas.papers.end());
  CHECK(zero_cost->paper.title ==
        "ZeroLM: Data-Free Transformer Architecture Search for Language Models");
  CHECK(contains(zero_cost->matched, "\"architecture search\" (title)"));
  CHECK(contains(zero_cost->matched, "\"zero cost proxy\""));
  CHECK(contains(zero_cost->matched, "NAS"));
}

TEST_CASE("without a date the digest is for the newest announcement day") {
  auto reader = testing::open_fortnight();
  auto digest = build_digest(*reader, {nas_profile()}, {});
  REQUIRE(digest.ok());
  CHECK(digest->day == "2025-03-31");
  CHECK(digest->announced == 201);
}

TEST_CASE("a day without an announcement has an empty digest that says so") {
  auto reader = testing::open_fortnight();
  for (const char* day : {"2025-03-22", "2025-03-23", "2024-01-01"}) {
    auto digest = build_digest(*reader, {nas_profile()}, {day, "", 0});
    REQUIRE(digest.ok());
    CHECK(digest->announced == 0);
    REQUIRE(digest->profiles.size() == 1);
    CHECK(digest->profiles[0].papers.empty());
    CHECK(digest_json(digest.value())["announced"] == 0);
  }
}

TEST_CASE("digest arguments that make no sense are rejected as invalid input") {
  auto reader = testing::open_fortnight();
  auto bad_day = build_digest(*reader, {nas_profile()}, {"2025-02-30", "", 0});
  REQUIRE_FALSE(bad_day.ok());
  CHECK(bad_day.error().code == ErrorCode::kInvalidInput);
  auto unknown = build_digest(*reader, {nas_profile()}, {"2025-03-25", "astrology", 0});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message.find("astrology") != std::string::npos);
  Profile broken = nas_profile();
  broken.query = "neural AND OR (";
  auto syntax = build_digest(*reader, {broken}, {"2025-03-25", "", 0});
  REQUIRE_FALSE(syntax.ok());
  CHECK(syntax.error().code == ErrorCode::kInvalidInput);
  CHECK(syntax.error().message.find("profile 'nas'") != std::string::npos);
}

void check_same_papers(const std::vector<RankedPaper>& a, const std::vector<RankedPaper>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CAPTURE(a[i].paper.id);
    CHECK(a[i].paper.id == b[i].paper.id);
    CHECK(a[i].announce_type == b[i].announce_type);
    CHECK(a[i].score == b[i].score);
    CHECK(a[i].why.profile_score == b[i].why.profile_score);
    CHECK(a[i].why.interest_score == b[i].why.interest_score);
    CHECK(a[i].matched == b[i].matched);
    CHECK(a[i].profiles == b[i].profiles);
  }
}

TEST_CASE("a digest ranked on two threads is the digest ranked on one, paper for paper") {
  auto reader = testing::open_fortnight();
  std::vector<Profile> profiles = default_profiles();
  // Variants that share units with the defaults and show more papers, so both threads explain
  // papers of the same units.
  for (const auto& p : default_profiles()) {
    Profile wide = p;
    wide.name = p.name + "-wide";
    wide.limit = 20;
    wide.min_score = 0;
    profiles.push_back(wide);
  }
  profiles.push_back(nas_profile());
  DigestOptions one_thread{"2025-03-25", "", 0};
  auto expected = build_digest(*reader, profiles, one_thread);
  REQUIRE_MESSAGE(expected.ok(), expected.error().message);
  DigestOptions two_threads = one_thread;
  two_threads.data_dir = testing::fortnight_data_dir();
  for (int run = 0; run < 3; ++run) {
    auto digest = build_digest(*reader, profiles, two_threads);
    REQUIRE_MESSAGE(digest.ok(), digest.error().message);
    REQUIRE(digest->profiles.size() == profiles.size());
    for (size_t i = 0; i < profiles.size(); ++i) {
      CAPTURE(profiles[i].name);
      CHECK(digest->profiles[i].name == expected->profiles[i].name);
      CHECK(digest->profiles[i].matches == expected->profiles[i].matches);
      check_same_papers(digest->profiles[i].papers, expected->profiles[i].papers);
    }
    check_same_papers(digest->all, expected->all);
  }
  size_t shown = 0;
  for (const auto& pd : expected->profiles) shown += pd.papers.size();
  CHECK(shown > 50);
}

TEST_CASE("a minimum score makes a quiet day show fewer papers") {
  auto reader = testing::open_fortnight();
  Profile strict = nas_profile();
  strict.limit = 50;
  auto loose = build_digest(*reader, {strict}, {"2025-03-25", "", 0});
  REQUIRE(loose.ok());
  REQUIRE(loose->profiles[0].papers.size() >= 3);
  strict.min_score = loose->profiles[0].papers[1].score;
  auto cut = build_digest(*reader, {strict}, {"2025-03-25", "", 0});
  REQUIRE(cut.ok());
  CHECK(cut->profiles[0].papers.size() == 2);
  for (const auto& r : cut->profiles[0].papers) CHECK(r.score >= strict.min_score);
}

TEST_CASE("a followed author's paper is surfaced even when the query does not match it") {
  auto reader = testing::open_fortnight();
  Profile p = nas_profile();
  // First author of 2503.11731 (a Gaussian splatting paper, nothing to do with NAS).
  p.authors = {"Xianming Zeng"};
  auto digest = build_digest(*reader, {p}, {"2025-03-18", "", 0});
  REQUIRE(digest.ok());
  REQUIRE_FALSE(digest->profiles[0].papers.empty());
  const auto& first = digest->profiles[0].papers[0];
  CHECK(first.paper.id == "2503.11731");
  CHECK(contains(first.matched, "followed author: Xianming Zeng"));
}

TEST_CASE("must-not terms drop papers and must-have terms are required") {
  auto reader = testing::open_fortnight();
  Profile p = nas_profile();
  p.limit = 50;
  auto all = build_digest(*reader, {p}, {"2025-03-25", "", 0});
  REQUIRE(all.ok());
  p.must_not = {"\"zero-cost\""};
  auto without = build_digest(*reader, {p}, {"2025-03-25", "", 0});
  REQUIRE(without.ok());
  CHECK_FALSE(contains(ids(without->profiles[0].papers), "2503.18646"));
  CHECK(without->profiles[0].matches < all->profiles[0].matches);
  p.must_not.clear();
  p.must_have = {"transformer"};
  auto with = build_digest(*reader, {p}, {"2025-03-25", "", 0});
  REQUIRE(with.ok());
  CHECK(contains(ids(with->profiles[0].papers), "2503.18646"));
  CHECK(with->profiles[0].matches < all->profiles[0].matches);
}

TEST_CASE("search ranks papers by text within a range of days, with an exact total") {
  auto reader = testing::open_fortnight();
  SearchOptions options;
  options.text = "\"zero-cost proxy\"";
  auto results = search_papers(*reader, options);
  REQUIRE_MESSAGE(results.ok(), results.error().message);
  CHECK(results->total >= 1);
  CHECK(results->total == results->papers.size());
  CHECK(contains(ids(results->papers), "2503.18646"));

  options.from = "2025-03-26";
  auto later = search_papers(*reader, options);
  REQUIRE(later.ok());
  CHECK_FALSE(contains(ids(later->papers), "2503.18646"));
}

TEST_CASE("search with neither text nor profile lists the range newest first") {
  auto reader = testing::open_fortnight();
  SearchOptions options;
  options.from = "2025-03-27";
  options.to = "2025-03-28";
  options.limit = 1000;
  auto results = search_papers(*reader, options);
  REQUIRE(results.ok());
  CHECK(results->total == 169 + 199);
  REQUIRE(results->papers.size() == 169 + 199);
  CHECK(results->papers.front().paper.announced() == "2025-03-28");
  CHECK(results->papers.back().paper.announced() == "2025-03-27");
}

TEST_CASE("search by profile and text together needs both to match") {
  auto reader = testing::open_fortnight();
  Profile p = nas_profile();
  SearchOptions options;
  options.profile = &p;
  auto by_profile = search_papers(*reader, options);
  REQUIRE(by_profile.ok());
  options.text = "transformer";
  auto both = search_papers(*reader, options);
  REQUIRE(both.ok());
  CHECK(both->total < by_profile->total);
  CHECK(contains(ids(both->papers), "2503.18646"));
}

TEST_CASE("search rejects bad dates, reversed ranges and broken query syntax") {
  auto reader = testing::open_fortnight();
  SearchOptions options;
  options.from = "March";
  CHECK(search_papers(*reader, options).error().code == ErrorCode::kInvalidInput);
  options.from = "2025-03-28";
  options.to = "2025-03-20";
  CHECK(search_papers(*reader, options).error().code == ErrorCode::kInvalidInput);
  options = {};
  options.text = "neural AND OR (";
  auto broken = search_papers(*reader, options);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().code == ErrorCode::kInvalidInput);
}

TEST_CASE("paging through search results gives each paper once") {
  auto reader = testing::open_fortnight();
  SearchOptions options;
  options.text = "architecture";
  options.limit = 7;
  auto first = search_papers(*reader, options);
  options.offset = 7;
  auto second = search_papers(*reader, options);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->total == second->total);
  for (const auto& id : ids(second->papers)) CHECK_FALSE(contains(ids(first->papers), id));
}

}  // namespace arxiv
