#include "index/similar.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

// The dev judgments of one profile (shared/eval/labels-dev/<profile>.tsv): id -> grade.
std::map<std::string, int> judgments(const std::string& profile) {
  std::map<std::string, int> grades;
  const auto text = testing::read_file(testing::shared_eval() / "labels-dev" / (profile + ".tsv"));
  for (const auto& line : testing::lines_of(text)) {
    const size_t tab = line.find('\t');
    if (tab != std::string::npos) grades[line.substr(0, tab)] = line[tab + 1] - '0';
  }
  REQUIRE(!grades.empty());
  return grades;
}

// Papers of the fortnight judged at least `grade` for `profile`.
std::set<std::string> judged_in_fortnight(PaperReader& reader, const std::string& profile,
                                          int grade) {
  std::set<std::string> out;
  for (const auto& [id, g] : judgments(profile)) {
    if (g >= grade && reader.paper(id).ok()) out.insert(id);
  }
  return out;
}

std::vector<std::string> ids(const SimilarPapers& similar) {
  std::vector<std::string> out;
  for (const auto& r : similar.papers) out.push_back(r.paper.id);
  return out;
}

SimilarOptions limited(size_t limit) {
  SimilarOptions options;
  options.limit = limit;
  return options;
}

}  // namespace

TEST_CASE("papers like a NAS must-read include other papers judged relevant for nas") {
  auto reader = testing::open_fortnight();
  const auto must_reads = judged_in_fortnight(*reader, "nas", 2);
  const auto relevant = judged_in_fortnight(*reader, "nas", 1);
  // A handful among 2,327 papers (4 judged for nas): ten papers picked at random would hold even
  // one of the other three about once in 80 tries.
  REQUIRE(must_reads.size() >= 3);
  for (const auto& id : must_reads) {
    CAPTURE(id);
    auto similar = similar_papers(*reader, id, limited(10));
    REQUIRE_MESSAGE(similar.ok(), similar.error().message);
    CHECK(similar->source.id == id);
    const auto top = ids(similar.value());
    CHECK(top.size() == 10);
    CHECK(std::find(top.begin(), top.end(), id) == top.end());
    const auto hits = std::count_if(top.begin(), top.end(), [&](const std::string& other) {
      return relevant.count(other) > 0;
    });
    // At least half of the others (today: all of them, within the top 5).
    CHECK(static_cast<size_t>(hits) * 2 >= relevant.size() - 1);
  }
}

TEST_CASE("similar papers come most similar first, as many as the limit asks") {
  auto reader = testing::open_fortnight();
  for (size_t limit : {1, 3, 25}) {
    auto similar = similar_papers(*reader, "2503.21061", limited(limit));
    REQUIRE(similar.ok());
    CHECK(similar->papers.size() == limit);
    for (size_t i = 1; i < similar->papers.size(); ++i)
      CHECK(similar->papers[i - 1].score >= similar->papers[i].score);
    for (const auto& r : similar->papers) CHECK(r.score > 0);
  }
}

TEST_CASE("a paper's words are written as in its text, and each match names the words shared") {
  auto reader = testing::open_fortnight();
  auto similar = similar_papers(*reader, "2503.18646", limited(10));
  REQUIRE(similar.ok());
  REQUIRE(!similar->terms.empty());
  std::string text = similar->source.title + " " + similar->source.abstract;
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Unstemmed: "architecture" rather than the stem "architectur".
  for (const auto& term : similar->terms) CHECK_MESSAGE(text.find(term) != std::string::npos, term);
  CHECK(std::find(similar->terms.begin(), similar->terms.end(), "architecture") !=
        similar->terms.end());
  for (const auto& r : similar->papers) {
    CAPTURE(r.paper.id);
    REQUIRE(!r.matched.empty());
    // In the order of the source's words, each once.
    size_t last = 0;
    for (size_t i = 0; i < r.matched.size(); ++i) {
      auto at = std::find(similar->terms.begin(), similar->terms.end(), r.matched[i]);
      REQUIRE(at != similar->terms.end());
      const auto pos = static_cast<size_t>(at - similar->terms.begin());
      if (i > 0) CHECK(pos > last);
      last = pos;
    }
  }
}

TEST_CASE("a day range keeps only papers announced within it") {
  auto reader = testing::open_fortnight();
  SimilarOptions options = limited(20);
  options.from = "2025-03-26";
  options.to = "2025-03-27";
  auto similar = similar_papers(*reader, "2503.17994", options);  // announced 2025-03-25
  REQUIRE(similar.ok());
  CHECK(similar->papers.size() == 20);
  for (const auto& r : similar->papers) {
    CAPTURE(r.paper.id);
    CHECK(std::any_of(
        r.paper.announcements.begin(), r.paper.announcements.end(),
        [](const Announcement& a) { return a.day >= "2025-03-26" && a.day <= "2025-03-27"; }));
  }
  auto unrestricted = similar_papers(*reader, "2503.17994", limited(20));
  REQUIRE(unrestricted.ok());
  CHECK(ids(similar.value()) != ids(unrestricted.value()));
}

TEST_CASE("an id with a version or an arXiv: prefix names the same paper") {
  auto reader = testing::open_fortnight();
  auto base = similar_papers(*reader, "2503.21999", limited(5));
  REQUIRE(base.ok());
  for (const std::string id : {"2503.21999v2", "arXiv:2503.21999", "2503.21999v1"}) {
    CAPTURE(id);
    auto other = similar_papers(*reader, id, limited(5));
    REQUIRE(other.ok());
    CHECK(other->source.id == "2503.21999");
    CHECK(ids(other.value()) == ids(base.value()));
  }
}

TEST_CASE("an unknown id is not found, a malformed id or day range is invalid input") {
  auto reader = testing::open_fortnight();
  auto unknown = similar_papers(*reader, "2501.99999", limited(5));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::kNotFound);
  CHECK(unknown.error().message == "no paper 2501.99999 in the index");
  auto old_style = similar_papers(*reader, "hep-th/9901001v2", limited(5));
  REQUIRE_FALSE(old_style.ok());
  CHECK(old_style.error().code == ErrorCode::kNotFound);
  CHECK(old_style.error().message == "no paper hep-th/9901001 in the index");

  for (const std::string id : {"", "2501.999", "banana", "2501.12345v", "hep-th/99"}) {
    CAPTURE(id);
    auto bad = similar_papers(*reader, id, limited(5));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::kInvalidInput);
  }
  SimilarOptions bad_day = limited(5);
  bad_day.from = "2025-02-30";
  auto day = similar_papers(*reader, "2503.21999", bad_day);
  REQUIRE_FALSE(day.ok());
  CHECK(day.error().code == ErrorCode::kInvalidInput);
  SimilarOptions backwards = limited(5);
  backwards.from = "2025-03-27";
  backwards.to = "2025-03-20";
  auto range = similar_papers(*reader, "2503.21999", backwards);
  REQUIRE_FALSE(range.ok());
  CHECK(range.error().code == ErrorCode::kInvalidInput);
}

}  // namespace arxiv
