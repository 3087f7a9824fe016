#include "index/evaluation.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "index/feedback_store.h"
#include "index/ranker.h"
#include "tests/index/fixture_index.h"
#include "tests/support/fake_http.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

// The fortnight fixture's two weeks: feedback from the first, measures on the second.
const EvalOptions kSplit = {"2025-03-25", "2025-03-31", "2025-03-18", "2025-03-24"};

std::unique_ptr<PaperReader> open_reader(const std::filesystem::path& dir) {
  auto reader = PaperReader::open(dir);
  REQUIRE_MESSAGE(reader.ok(), reader.error().message);
  return std::move(reader).value();
}

// The shared dev judgments of the papers the fortnight index holds.
LabelSet fortnight_labels(PaperReader& reader) {
  auto all = load_labels_dir(shared_eval() / "labels-dev");
  REQUIRE_MESSAGE(all.ok(), all.error().message);
  LabelSet out;
  for (const auto& [profile, judgments] : *all) {
    for (const auto& j : judgments) {
      if (reader.paper(j.id).ok()) out[profile].push_back(j);
    }
  }
  return out;
}

void check_measure(const std::optional<double>& v, bool mean) {
  if (!v) return;
  CHECK(std::isfinite(*v));
  CHECK(*v <= 1.0 + 1e-12);
  if (mean) CHECK(*v > 0);
  if (!mean) CHECK(*v >= 0);
}

}  // namespace

TEST_CASE("DCG and nDCG follow the README's definition on hand-computed rankings") {
  CHECK(dcg_at({}, 5) == 0);
  CHECK(dcg_at({2, 1, 0}, 5) == doctest::Approx(2 + 1 / std::log2(3)));
  CHECK(dcg_at({2, 1, 0}, 1) == doctest::Approx(2));
  struct Case {
    const char* what;
    std::vector<int> ranked, judged;
    size_t k;
    std::optional<double> ndcg;
  };
  const std::vector<Case> cases = {
      {"ideal order", {2, 1, 0, 0, 0}, {1, 2}, 5, 1.0},
      {"swapped: (1 + 2/log2 3) / (2 + 1/log2 3)", {1, 2}, {2, 1}, 5, 0.8597187},
      {"must-read second: (2/log2 3) / 2", {0, 2}, {2}, 5, 0.6309298},
      {"only hit below the cut", {0, 0, 0, 0, 0, 2}, {2}, 5, 0.0},
      {"ideal cut at k: 1 / (2 * sum 1/log2(i+1), i=1..5)",
       {1},
       {2, 2, 2, 2, 2, 2, 2},
       5,
       0.1695801},
      {"mixed: 1.87913 / 4.19254", {0, 1, 0, 2, 1}, {2, 2, 1, 1, 0}, 5, 0.4482098},
      {"nothing ranked", {}, {1}, 5, 0.0},
      {"nothing relevant judged", {2}, {0, 0}, 5, std::nullopt},
      {"nothing judged", {0, 0}, {}, 20, std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto got = ndcg_at(c.ranked, c.judged, c.k);
    REQUIRE(got.has_value() == c.ndcg.has_value());
    if (c.ndcg) CHECK(*got == doctest::Approx(*c.ndcg).epsilon(1e-6));
  }
}

TEST_CASE("a mean skips undefined measures and is undefined without any") {
  CHECK(mean_of({0.5, std::nullopt, 1.0}).value() == doctest::Approx(0.75));
  CHECK_FALSE(mean_of({std::nullopt}).has_value());
  CHECK_FALSE(mean_of({}).has_value());
}

TEST_CASE("an evaluation of the fortnight gives the three runs with measures in (0, 1]") {
  auto reader = open_reader(fortnight_data_dir());
  const LabelSet labels = fortnight_labels(*reader);
  REQUIRE(labels.size() == 5);
  auto ev = evaluate(*reader, default_profiles(), labels, kSplit);
  REQUIRE_MESSAGE(ev.ok(), ev.error().message);
  REQUIRE(ev->runs.size() == 3);
  CHECK(ev->runs[0].name == "profiles");
  CHECK(ev->runs[1].name == "profiles+feedback");
  CHECK(ev->runs[2].name == "bm25");
  CHECK(ev->days == 5);  // 03-25 .. 03-31: Tue..Fri and Mon
  CHECK(ev->not_found == 0);
  size_t judged = 0;
  size_t expected_feedback = 0;
  for (const auto& [profile, judgments] : labels) {
    judged += judgments.size();
    for (const auto& j : judgments) {
      const std::string first = reader->paper(j.id).value().announced();
      expected_feedback += j.grade != Grade::kNeutral && first <= kSplit.train_to;
    }
  }
  CHECK(ev->judged == judged);
  for (const auto& run : ev->runs) {
    CAPTURE(run.name);
    REQUIRE(run.profiles.size() == 5);
    CHECK(run.profiles[0].profile == "nas");
    for (const auto& s : run.profiles) {
      check_measure(s.daily_ndcg, false);
      check_measure(s.backlog_ndcg, false);
      check_measure(s.recall, false);
      CHECK(s.daily_ndcg.has_value() == (s.days > 0));
      CHECK(s.recall.has_value() == (s.must_reads > 0));
      CHECK(s.unjudged_daily <= 5.0 * double(s.days));
      CHECK(s.unjudged_backlog <= 20);
    }
    REQUIRE(run.mean.daily_ndcg.has_value());
    REQUIRE(run.mean.backlog_ndcg.has_value());
    REQUIRE(run.mean.recall.has_value());
    check_measure(run.mean.daily_ndcg, true);
    check_measure(run.mean.backlog_ndcg, true);
    check_measure(run.mean.recall, true);
    CHECK(run.mean.feedback == (run.name == "profiles+feedback" ? expected_feedback : 0));
  }
  CHECK(expected_feedback > 0);
  CHECK(ev->runs[0].mean.must_reads == ev->runs[2].mean.must_reads);
}

TEST_CASE("evaluating with training feedback leaves the data directory's feedback untouched") {
  TempDir dir;
  std::filesystem::copy(fortnight_data_dir(), dir.path(), std::filesystem::copy_options::recursive);
  FakeClock clock;
  {
    auto store = FeedbackStore::open(dir.path(), clock);
    REQUIRE(store.ok());
    REQUIRE(store->record("nas", {"2503.17994"}, Grade::kDismiss).ok());
  }
  const std::string before = read_file(feedback_path(dir.path()));
  auto reader = open_reader(dir.path());
  auto ev = evaluate(*reader, default_profiles(), fortnight_labels(*reader), kSplit);
  REQUIRE_MESSAGE(ev.ok(), ev.error().message);
  CHECK(read_file(feedback_path(dir.path())) == before);
  auto store = FeedbackStore::open(dir.path(), clock);
  REQUIRE(store.ok());
  CHECK(store->revision().value() == 1);
  CHECK(store->for_profile("nas").value().dismissed == std::vector<std::string>{"2503.17994"});
}

TEST_CASE("judging a day's own top papers must-read gives nDCG 1 and nothing unjudged") {
  auto reader = open_reader(fortnight_data_dir());
  const std::string day = "2025-03-27";
  Profile profile = default_profiles().back();  // sparse-modular: many papers a day
  profile.min_score = 0;                        // every match shown
  LabelSet labels;
  DigestOptions options;
  options.day = day;
  options.limit = 10;
  auto digest = build_digest(*reader, {profile}, options);
  REQUIRE(digest.ok());
  const auto& top = digest->profiles.at(0).papers;
  REQUIRE(top.size() >= 5);
  SearchOptions search;
  search.profile = &profile;
  search.from = search.to = day;
  auto backlog = search_papers(*reader, search);
  REQUIRE(backlog.ok());
  std::vector<Judgment>& judged = labels[profile.name];
  for (size_t i = 0; i < 5; ++i) judged.push_back({top[i].paper.id, Grade::kLike});
  for (const auto& r : backlog->papers) {
    if (std::none_of(judged.begin(), judged.end(),
                     [&](const Judgment& j) { return j.id == r.paper.id; }))
      judged.push_back({r.paper.id, Grade::kLike});
  }
  auto ev = evaluate(*reader, {profile}, labels, {day, day, "", ""});
  REQUIRE_MESSAGE(ev.ok(), ev.error().message);
  REQUIRE(ev->runs.size() == 2);
  const ProfileScores& s = ev->runs[0].profiles.at(0);
  CHECK(s.days == 1);
  CHECK(s.daily_ndcg.value() == doctest::Approx(1.0));
  CHECK(s.backlog_ndcg.value() == doctest::Approx(1.0));
  CHECK(s.unjudged_daily == 0);
  CHECK(s.unjudged_backlog == 0);
  // Must-reads are the judged papers first announced that day; found: those in the top 10.
  size_t first_that_day = 0, found = 0;
  for (const auto& j : judged) {
    if (reader->paper(j.id).value().announced() != day) continue;
    ++first_that_day;
    for (size_t i = 0; i < top.size() && i < 10; ++i) found += top[i].paper.id == j.id;
  }
  CHECK(s.must_reads == first_that_day);
  REQUIRE(first_that_day > 0);
  CHECK(s.recall.value() == doctest::Approx(double(found) / double(first_that_day)));
}

TEST_CASE("bad evaluation windows and labels fail with invalid input, overlaps warn") {
  auto reader = open_reader(fortnight_data_dir());
  const LabelSet labels = fortnight_labels(*reader);
  struct Case {
    const char* what;
    EvalOptions options;
    ErrorCode code;
  };
  const std::vector<Case> cases = {
      {"malformed from", {"2025-3-25", "2025-03-31", "", ""}, ErrorCode::kInvalidInput},
      {"impossible day", {"2025-03-25", "2025-02-30", "", ""}, ErrorCode::kInvalidInput},
      {"to before from", {"2025-03-31", "2025-03-25", "", ""}, ErrorCode::kInvalidInput},
      {"train from only", {"2025-03-25", "2025-03-31", "2025-03-18", ""}, ErrorCode::kInvalidInput},
      {"train reversed",
       {"2025-03-25", "2025-03-31", "2025-03-24", "2025-03-18"},
       ErrorCode::kInvalidInput},
      {"no day in the index", {"2024-01-01", "2024-01-31", "", ""}, ErrorCode::kNotFound},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto ev = evaluate(*reader, default_profiles(), labels, c.options);
    REQUIRE_FALSE(ev.ok());
    CHECK(ev.error().code == c.code);
  }
  auto unknown = evaluate(*reader, default_profiles(), {{"astro", {}}}, kSplit);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::kInvalidInput);

  LabelSet extra = labels;
  extra["astro"] = {};
  auto overlap = evaluate(*reader, default_profiles(), extra,
                          {"2025-03-18", "2025-03-31", "2025-03-18", "2025-03-24"});
  REQUIRE_MESSAGE(overlap.ok(), overlap.error().message);
  REQUIRE(overlap->warnings.size() == 2);
  CHECK(overlap->warnings[0].find("overlaps") != std::string::npos);
  CHECK(overlap->warnings[1].find("'astro'") != std::string::npos);
}

}  // namespace arxiv::testing
