#include "index/feedback_model.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "index/labels.h"
#include "index/paper_store.h"
#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

// The judged papers of a profile that the fortnight fixture holds, with grade `grade`.
std::vector<std::string> judged_in_fortnight(TermVectors& vectors, const std::string& profile,
                                             Grade grade) {
  auto labels = load_labels_file(testing::shared_eval() / "labels-dev" / (profile + ".tsv"));
  REQUIRE(labels.ok());
  std::vector<std::string> out;
  for (const auto& j : labels.value()) {
    if (j.grade == grade && vectors.docid_of(j.id) != 0) out.push_back(j.id);
  }
  return out;
}

std::vector<std::string> without(std::vector<std::string> ids, const std::string& id) {
  ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
  return ids;
}

struct Fixture {
  std::unique_ptr<PaperReader> reader;
  Fixture() : reader(testing::open_fortnight()) {}
  Xapian::Database& db() { return reader->database(); }
};

}  // namespace

TEST_CASE("a must-read left out of training scores above the papers liked by other profiles") {
  Fixture f;
  TermVectors vectors(f.db());
  const auto nas = judged_in_fortnight(vectors, "nas", Grade::kLike);
  auto others = judged_in_fortnight(vectors, "theoretical-neuroscience", Grade::kLike);
  for (const auto& id : judged_in_fortnight(vectors, "disentanglement", Grade::kLike))
    others.push_back(id);
  for (const auto& id : judged_in_fortnight(vectors, "sparse-modular", Grade::kLike))
    others.push_back(id);
  REQUIRE(nas.size() >= 3);
  REQUIRE(others.size() >= 6);
  // Half of the other profiles' must-reads are dismissed; the rest are the comparison.
  const std::vector<std::string> dismissed(others.begin(), others.begin() + others.size() / 2);
  const std::vector<std::string> unseen(others.begin() + others.size() / 2, others.end());
  for (const auto& held_out : nas) {
    CAPTURE(held_out);
    ProfileFeedback feedback{without(nas, held_out), dismissed};
    FeedbackModel model = FeedbackModel::train(f.db(), vectors, feedback);
    REQUIRE(model.trained());
    CHECK(model.likes() == nas.size() - 1);
    CHECK(model.dismissals() == dismissed.size());
    const double held_out_score = model.score(vectors.of(vectors.docid_of(held_out)));
    for (const auto& other : unseen) {
      CAPTURE(other);
      CHECK(held_out_score > model.score(vectors.of(vectors.docid_of(other))));
    }
  }
}

TEST_CASE("expansion terms are readable words that the liked papers contain") {
  Fixture f;
  TermVectors vectors(f.db());
  const auto liked = judged_in_fortnight(vectors, "sparse-modular", Grade::kLike);
  REQUIRE(liked.size() >= 3);
  FeedbackModel model = FeedbackModel::train(f.db(), vectors, {liked, {}});
  REQUIRE(!model.expansion().empty());
  for (const auto& t : model.expansion()) {
    CAPTURE(t.term);
    CHECK(t.term[0] == 'Z');
    CHECK(!t.label.empty());
    CHECK(t.label[0] != 'Z');
    CHECK(t.weight > 0);
    const bool in_a_liked_paper = std::any_of(liked.begin(), liked.end(), [&](const auto& id) {
      const TermVector& v = vectors.of(vectors.docid_of(id));
      return std::any_of(v.begin(), v.end(), [&](const auto& e) { return e.first == t.term; });
    });
    CHECK(in_a_liked_paper);
  }
  // MoE papers: the vocabulary of experts and routing must be among the strongest terms.
  std::vector<std::string> labels;
  for (const auto& t : model.expansion()) labels.push_back(t.label);
  CHECK(std::any_of(labels.begin(), labels.end(), [](const std::string& l) {
    return l.find("expert") != std::string::npos || l.find("rout") != std::string::npos ||
           l.find("moe") != std::string::npos || l.find("sparse") != std::string::npos;
  }));
}

TEST_CASE("dismissals alone train nothing but are remembered") {
  Fixture f;
  TermVectors vectors(f.db());
  const auto dismissed = judged_in_fortnight(vectors, "theoretical-neuroscience", Grade::kDismiss);
  REQUIRE(!dismissed.empty());
  FeedbackModel model = FeedbackModel::train(f.db(), vectors, {{}, dismissed});
  CHECK_FALSE(model.trained());
  CHECK(model.expansion().empty());
  const Xapian::docid d = vectors.docid_of(dismissed.front());
  CHECK(model.dismissed(d));
  CHECK(model.score(vectors.of(d)) == 0);
}

TEST_CASE("ids that are not in the index are ignored") {
  Fixture f;
  TermVectors vectors(f.db());
  const auto liked = judged_in_fortnight(vectors, "nas", Grade::kLike);
  FeedbackModel model =
      FeedbackModel::train(f.db(), vectors, {{"2601.99999", liked.front()}, {"1999.00001"}});
  CHECK(model.trained());
  CHECK(model.likes() == 1);
  CHECK(model.dismissals() == 0);
}

TEST_CASE("a paper's learned reasons are its own positive features, strongest first") {
  Fixture f;
  TermVectors vectors(f.db());
  const auto liked = judged_in_fortnight(vectors, "nas", Grade::kLike);
  FeedbackModel model = FeedbackModel::train(f.db(), vectors, {liked, {}});
  const Xapian::docid d = vectors.docid_of(liked.front());
  const TermVector& v = vectors.of(d);
  auto top = model.top_contributions(v, 5);
  REQUIRE(!top.empty());
  CHECK(top.size() <= 5);
  for (size_t i = 0; i < top.size(); ++i) {
    CHECK(top[i].weight > 0);
    if (i > 0) CHECK(top[i - 1].weight >= top[i].weight);
    CHECK(std::any_of(v.begin(), v.end(), [&](const auto& e) { return e.first == top[i].term; }));
  }
  // Its nearest liked paper is another one, and similarities are cosines.
  auto nearest = model.nearest_liked(d, vectors.tf_idf(v));
  REQUIRE(nearest.has_value());
  CHECK(nearest->id != liked.front());
  CHECK(std::find(liked.begin(), liked.end(), nearest->id) != liked.end());
  CHECK(!nearest->title.empty());
  CHECK(nearest->similarity > 0);
  CHECK(nearest->similarity <= 1.0 + 1e-9);
}

}  // namespace arxiv
