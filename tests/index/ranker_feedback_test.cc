#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "index/labels.h"
#include "index/ranker.h"
#include "index/suggestions.h"
#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

const Profile& profile_named(const std::string& name) {
  for (const auto& p : default_profiles()) {
    if (p.name == name) return p;
  }
  FAIL("no default profile " << name);
  return default_profiles().front();
}

// The profile's dev judgments as feedback (likes and dismissals), limited to the fortnight.
ProfileFeedback dev_feedback(PaperReader& reader, const std::string& profile) {
  auto labels = load_labels_file(testing::shared_eval() / "labels-dev" / (profile + ".tsv"));
  REQUIRE(labels.ok());
  std::vector<Judgment> in_index;
  for (const auto& j : labels.value()) {
    if (reader.paper(j.id).ok()) in_index.push_back(j);
  }
  return feedback_from(in_index);
}

std::vector<std::string> ids(const std::vector<RankedPaper>& papers) {
  std::vector<std::string> out;
  for (const auto& r : papers) out.push_back(r.paper.id);
  return out;
}

}  // namespace

TEST_CASE("with likes every ranked paper says what was learned and which liked paper it is like") {
  auto reader = testing::open_fortnight();
  Feedback feedback{{"sparse-modular", dev_feedback(*reader, "sparse-modular")}};
  REQUIRE(feedback["sparse-modular"].liked.size() >= 3);
  DigestOptions options;
  options.day = "2025-03-27";
  options.profile = "sparse-modular";
  options.feedback = &feedback;
  auto digest = build_digest(*reader, default_profiles(), options);
  REQUIRE(digest.ok());
  const auto& papers = digest->profiles.at(0).papers;
  REQUIRE(!papers.empty());
  size_t with_nearest = 0;
  for (const auto& r : papers) {
    CAPTURE(r.paper.id);
    CHECK(r.why.feedback_score != 0);
    CHECK(r.score ==
          doctest::Approx(r.why.profile_score + r.why.interest_score + r.why.feedback_score));
    CHECK(r.why.learned.size() <= 5);
    for (const auto& t : r.why.learned) CHECK(t.weight > 0);
    if (r.why.nearest_liked) {
      ++with_nearest;
      CHECK(r.why.nearest_liked->id != r.paper.id);
      CHECK(r.why.nearest_liked->similarity > 0);
    }
  }
  CHECK(with_nearest == papers.size());
  for (size_t i = 1; i < papers.size(); ++i) CHECK(papers[i - 1].score >= papers[i].score);
}

TEST_CASE("a dismissed paper leaves the digest and a liked one stays") {
  auto reader = testing::open_fortnight();
  DigestOptions options;
  options.day = "2025-03-25";
  options.profile = "nas";
  auto before = build_digest(*reader, default_profiles(), options);
  REQUIRE(before.ok());
  const auto top = ids(before->profiles.at(0).papers);
  REQUIRE(top.size() >= 2);
  Feedback feedback{{"nas", {{top[1]}, {top[0]}}}};
  options.feedback = &feedback;
  auto after = build_digest(*reader, default_profiles(), options);
  REQUIRE(after.ok());
  const auto now = ids(after->profiles.at(0).papers);
  CHECK(std::find(now.begin(), now.end(), top[0]) == now.end());
  CHECK(std::find(now.begin(), now.end(), top[1]) != now.end());
}

TEST_CASE("search re-ranked by feedback pages through the same order without repeats") {
  auto reader = testing::open_fortnight();
  const ProfileFeedback feedback = dev_feedback(*reader, "disentanglement");
  SearchOptions search;
  search.profile = &profile_named("disentanglement");
  search.feedback = &feedback;
  search.limit = 10;
  auto all = search_papers(*reader, search);
  REQUIRE(all.ok());
  REQUIRE(all->papers.size() == 10);
  search.limit = 5;
  auto first = search_papers(*reader, search);
  search.offset = 5;
  auto second = search_papers(*reader, search);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  auto paged = ids(first->papers);
  for (const auto& id : ids(second->papers)) paged.push_back(id);
  CHECK(paged == ids(all->papers));
  CHECK(first->total == all->total);
}

TEST_CASE("plain BM25 scoring uses the query alone, whatever the feedback") {
  auto reader = testing::open_fortnight();
  Feedback feedback{{"nas", dev_feedback(*reader, "nas")}};
  DigestOptions options;
  options.day = "2025-03-25";
  options.profile = "nas";
  options.feedback = &feedback;
  options.scoring = Scoring::kPlainBm25;
  auto digest = build_digest(*reader, default_profiles(), options);
  REQUIRE(digest.ok());
  REQUIRE(!digest->profiles.at(0).papers.empty());
  for (const auto& r : digest->profiles.at(0).papers) {
    CHECK(r.why.interest_score == 0);
    CHECK(r.why.feedback_score == 0);
    CHECK(r.why.learned.empty());
    CHECK(r.score == r.why.profile_score);
  }
}

TEST_CASE("suggested terms come from the likes and are not in the profile's query yet") {
  auto reader = testing::open_fortnight();
  const Profile& profile = profile_named("sparse-modular");
  auto terms = suggest_terms(*reader, profile, dev_feedback(*reader, "sparse-modular"), 10);
  REQUIRE(terms.ok());
  REQUIRE(!terms->empty());
  CHECK(terms->size() <= 10);
  for (const auto& t : terms.value()) {
    CAPTURE(t.label);
    // Accepting a suggested word changes the query; accepting it again changes nothing.
    auto once = accept_terms(profile, {t.label});
    REQUIRE(once.ok());
    CHECK(once->query == profile.query + " " + t.label);
    auto twice = accept_terms(once.value(), {t.label});
    REQUIRE(twice.ok());
    CHECK(twice->query == once->query);
  }
  auto none = suggest_terms(*reader, profile, {}, 10);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("only single words can be accepted into a profile") {
  const Profile& profile = profile_named("nas");
  for (const char* bad : {"two words", "", "x\"y", "a:b", "(x)"}) {
    CAPTURE(bad);
    auto r = accept_terms(profile, {bad});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
    CHECK(r.error().message.find("single words") != std::string::npos);
  }
  auto ok = accept_terms(profile, {"hypernetwork", "NAS", "supernet"});
  REQUIRE(ok.ok());
  CHECK(ok->query == profile.query + " hypernetwork");
}

}  // namespace arxiv

namespace arxiv {

TEST_CASE("a kept model is reused until the feedback changes, with the same ranking") {
  auto reader = testing::open_fortnight();
  Feedback feedback{{"nas", dev_feedback(*reader, "nas")}};
  ModelCache models;
  DigestOptions options;
  options.day = "2025-03-25";
  options.feedback = &feedback;
  auto fresh = build_digest(*reader, default_profiles(), options);
  options.models = &models;
  auto first = build_digest(*reader, default_profiles(), options);
  auto second = build_digest(*reader, default_profiles(), options);
  REQUIRE(fresh.ok());
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(models.trained() == 1);  // only nas has feedback
  for (size_t i = 0; i < fresh->profiles.size(); ++i) {
    CHECK(ids(first->profiles[i].papers) == ids(fresh->profiles[i].papers));
    CHECK(ids(second->profiles[i].papers) == ids(fresh->profiles[i].papers));
  }
  const auto& liked = feedback["nas"].liked;
  for (const auto& r : fresh->profiles[0].papers) {
    if (std::find(liked.begin(), liked.end(), r.paper.id) != liked.end()) continue;
    feedback["nas"].dismissed.push_back(r.paper.id);
    break;
  }
  auto changed = build_digest(*reader, default_profiles(), options);
  REQUIRE(changed.ok());
  CHECK(models.trained() == 2);
  CHECK(ids(changed->profiles[0].papers) != ids(fresh->profiles[0].papers));
}

TEST_CASE("search leaves dismissed papers out of its total and of every page") {
  auto reader = testing::open_fortnight();
  const Profile& nas = *find_profile(default_profiles(), "nas").value();
  SearchOptions options;
  options.profile = &nas;
  options.limit = 5;
  auto before = search_papers(*reader, options);
  REQUIRE(before.ok());
  REQUIRE(before->total > 6);
  const std::string gone = before->papers.front().paper.id;

  ProfileFeedback feedback;
  feedback.dismissed.push_back(gone);
  options.feedback = &feedback;
  std::vector<std::string> seen;
  size_t total = 0;
  for (options.offset = 0;; options.offset += options.limit) {
    auto page = search_papers(*reader, options);
    REQUIRE(page.ok());
    total = page->total;
    if (page->papers.empty()) break;
    for (const auto& r : page->papers) seen.push_back(r.paper.id);
  }
  CHECK(total == before->total - 1);
  CHECK(seen.size() == total);
  CHECK(std::find(seen.begin(), seen.end(), gone) == seen.end());
}

}  // namespace arxiv
