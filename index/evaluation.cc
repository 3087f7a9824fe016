#include "index/evaluation.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "fetcher/text.h"
#include "index/ranker.h"

namespace arxiv {
namespace {

constexpr size_t kDailyDepth = 5;
constexpr size_t kRecallDepth = 10;
constexpr size_t kBacklogDepth = 20;

// A judged paper as the measures see it.
struct Judged {
  int grade = 0;
  std::string first_day;
  std::vector<std::string> days;  // every announcement day
};

// What one evaluated profile was judged on.
struct Truth {
  const Profile* profile = nullptr;
  std::unordered_map<std::string, Judged> judged;              // by id
  std::map<std::string, std::vector<int>> on_day;              // grades of the papers on each day
  std::map<std::string, std::vector<std::string>> must_reads;  // grade 2, by first day
};

bool in_window(const std::string& day, const std::string& from, const std::string& to) {
  return day >= from && day <= to;
}

// The gains of a ranking (0 for unjudged papers) and how many were unjudged.
std::vector<int> gains_of(const std::vector<RankedPaper>& ranked, size_t depth, const Truth& t,
                          double& unjudged) {
  std::vector<int> gains;
  for (size_t i = 0; i < ranked.size() && i < depth; ++i) {
    auto it = t.judged.find(ranked[i].paper.id);
    if (it == t.judged.end()) ++unjudged;
    gains.push_back(it == t.judged.end() ? 0 : it->second.grade);
  }
  return gains;
}

Status check_window(const std::string& from, const std::string& to, const std::string& what) {
  for (const auto& [flag, day] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    if (!is_valid_day(*day))
      return Error::invalid_input("--" + what + flag + " must be a day YYYY-MM-DD (got '" + *day +
                                  "')");
  }
  if (to < from)
    return Error::invalid_input("--" + what + "to " + to + " is before --" + what + "from " + from);
  return {};
}

// One day's digest against the judgments: daily nDCG@5 (when the day counts) and must-reads found.
void score_day(const std::string& day, const std::vector<RankedPaper>& ranked, const Truth& t,
               ProfileScores& s, double& daily_sum, size_t& found) {
  auto graded = t.on_day.find(day);
  if (graded != t.on_day.end() &&
      std::any_of(graded->second.begin(), graded->second.end(), [](int g) { return g > 0; })) {
    daily_sum +=
        *ndcg_at(gains_of(ranked, kDailyDepth, t, s.unjudged_daily), graded->second, kDailyDepth);
    ++s.days;
  }
  auto must = t.must_reads.find(day);
  if (must == t.must_reads.end()) return;
  for (const auto& id : must->second) {
    for (size_t r = 0; r < ranked.size() && r < kRecallDepth; ++r)
      found += ranked[r].paper.id == id;
  }
}

Status score_backlog(PaperReader& reader, const Truth& t, const EvalOptions& options,
                     const ProfileFeedback* feedback, Scoring scoring, ProfileScores& s) {
  SearchOptions search;
  search.profile = t.profile;
  search.from = options.from;
  search.to = options.to;
  search.limit = kBacklogDepth;
  search.feedback = feedback;
  search.scoring = scoring;
  auto results = search_papers(reader, search);
  if (!results.ok()) return results.error();
  std::vector<int> ideal;
  for (const auto& [id, j] : t.judged) {
    if (std::any_of(j.days.begin(), j.days.end(),
                    [&](const std::string& d) { return in_window(d, options.from, options.to); }))
      ideal.push_back(j.grade);
  }
  s.backlog_ndcg = ndcg_at(gains_of(results->papers, kBacklogDepth, t, s.unjudged_backlog), ideal,
                           kBacklogDepth);
  return {};
}

ProfileScores mean_row(const std::vector<ProfileScores>& rows) {
  ProfileScores mean;
  mean.profile = "mean";
  auto mean_by = [&](auto member) {
    std::vector<std::optional<double>> values;
    for (const auto& s : rows) values.push_back(std::invoke(member, s));
    return mean_of(values);
  };
  mean.daily_ndcg = mean_by(&ProfileScores::daily_ndcg);
  mean.backlog_ndcg = mean_by(&ProfileScores::backlog_ndcg);
  mean.recall = mean_by(&ProfileScores::recall);
  mean.unjudged_daily = mean_by(&ProfileScores::unjudged_daily).value_or(0);
  mean.unjudged_backlog = mean_by(&ProfileScores::unjudged_backlog).value_or(0);
  for (const auto& s : rows) {
    mean.days += s.days;
    mean.must_reads += s.must_reads;
    mean.feedback += s.feedback;
  }
  return mean;
}

Result<EvalRun> run(PaperReader& reader, const std::vector<Truth>& truths,
                    const std::vector<Profile>& evaluated, const std::vector<std::string>& days,
                    const EvalOptions& options, const std::string& name, const Feedback* feedback,
                    Scoring scoring) {
  EvalRun out;
  out.name = name;
  std::vector<double> daily_sum(truths.size(), 0);
  std::vector<size_t> found(truths.size(), 0);
  for (const auto& t : truths) out.profiles.emplace_back().profile = t.profile->name;
  DigestOptions digest_options;
  digest_options.limit = int(kRecallDepth);
  digest_options.feedback = feedback;
  digest_options.scoring = scoring;
  for (const auto& day : days) {
    digest_options.day = day;
    auto digest = build_digest(reader, evaluated, digest_options);
    if (!digest.ok()) return digest.error();
    for (size_t i = 0; i < truths.size(); ++i) {
      auto pd =
          std::find_if(digest->profiles.begin(), digest->profiles.end(),
                       [&](const ProfileDigest& d) { return d.name == out.profiles[i].profile; });
      if (pd == digest->profiles.end()) return Error::internal("digest lacks a profile");
      score_day(day, pd->papers, truths[i], out.profiles[i], daily_sum[i], found[i]);
    }
  }
  for (size_t i = 0; i < truths.size(); ++i) {
    ProfileScores& s = out.profiles[i];
    if (s.days > 0) s.daily_ndcg = daily_sum[i] / double(s.days);
    for (const auto& [day, ids] : truths[i].must_reads) s.must_reads += ids.size();
    if (s.must_reads > 0) s.recall = double(found[i]) / double(s.must_reads);
    const ProfileFeedback* profile_feedback = nullptr;
    if (feedback != nullptr && feedback->count(s.profile)) {
      profile_feedback = &feedback->at(s.profile);
      s.feedback = profile_feedback->liked.size() + profile_feedback->dismissed.size();
    }
    if (auto st = score_backlog(reader, truths[i], options, profile_feedback, scoring, s); !st.ok())
      return st.error();
  }
  out.mean = mean_row(out.profiles);
  return out;
}

}  // namespace

double dcg_at(const std::vector<int>& ranked_gains, size_t k) {
  double dcg = 0;
  for (size_t i = 0; i < ranked_gains.size() && i < k; ++i)
    dcg += ranked_gains[i] / std::log2(double(i) + 2);
  return dcg;
}

std::optional<double> ndcg_at(const std::vector<int>& ranked_gains,
                              const std::vector<int>& judged_gains, size_t k) {
  std::vector<int> ideal = judged_gains;
  std::sort(ideal.begin(), ideal.end(), std::greater<>());
  const double best = dcg_at(ideal, k);
  if (best <= 0) return std::nullopt;
  return dcg_at(ranked_gains, k) / best;
}

std::optional<double> mean_of(const std::vector<std::optional<double>>& values) {
  double sum = 0;
  size_t n = 0;
  for (const auto& v : values) {
    if (v) sum += *v, ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / double(n);
}

Result<Evaluation> evaluate(PaperReader& reader, const std::vector<Profile>& profiles,
                            const LabelSet& labels, const EvalOptions& options) {
  if (auto s = check_window(options.from, options.to, ""); !s.ok()) return s.error();
  const bool train = !options.train_from.empty() || !options.train_to.empty();
  if (train && (options.train_from.empty() || options.train_to.empty()))
    return Error::invalid_input("--train-from and --train-to go together");
  if (train) {
    if (auto s = check_window(options.train_from, options.train_to, "train-"); !s.ok())
      return s.error();
  }
  Evaluation out;
  if (train && options.train_from <= options.to && options.from <= options.train_to)
    out.warnings.push_back(
        "the training window overlaps the evaluated days: their judgments "
        "are given as feedback and measured too");
  std::set<std::string> known;
  std::vector<Profile> evaluated;
  for (const auto& p : profiles) {
    known.insert(p.name);
    if (labels.count(p.name)) evaluated.push_back(p);
  }
  for (const auto& [name, judgments] : labels) {
    if (!known.count(name))
      out.warnings.push_back("labels for unknown profile '" + name + "' ignored");
  }
  if (evaluated.empty())
    return Error::invalid_input("no labels file is named after a profile (<profile>.tsv)");

  auto all_days = reader.days();
  if (!all_days.ok()) return all_days.error();
  std::vector<std::string> days;
  for (const auto& d : *all_days) {
    if (in_window(d.day, options.from, options.to)) days.push_back(d.day);
  }
  if (days.empty())
    return Error::not_found("no announcement day in the index from " + options.from + " to " +
                            options.to);
  out.days = days.size();

  std::vector<Truth> truths(evaluated.size());
  Feedback feedback;
  for (size_t i = 0; i < evaluated.size(); ++i) {
    Truth& t = truths[i];
    t.profile = &evaluated[i];
    std::vector<Judgment> training;
    for (const auto& j : labels.at(t.profile->name)) {
      auto paper = reader.paper(j.id);
      if (!paper.ok() && paper.error().code == ErrorCode::kNotFound) {
        ++out.not_found;
        continue;
      }
      if (!paper.ok()) return paper.error();
      ++out.judged;
      Judged& judged = t.judged[j.id];
      judged.grade = static_cast<int>(j.grade);
      judged.first_day = paper->announced();
      for (const auto& a : paper->announcements) {
        judged.days.push_back(a.day);
        t.on_day[a.day].push_back(judged.grade);
      }
      if (j.grade == Grade::kLike && in_window(judged.first_day, options.from, options.to))
        t.must_reads[judged.first_day].push_back(j.id);
      if (train && in_window(judged.first_day, options.train_from, options.train_to))
        training.push_back(j);
    }
    if (train) feedback[t.profile->name] = feedback_from(training);
  }
  if (out.not_found > 0)
    out.warnings.push_back(std::to_string(out.not_found) + " of " +
                           std::to_string(out.judged + out.not_found) +
                           " judged papers are not in the index: left out");

  std::vector<std::tuple<std::string, const Feedback*, Scoring>> plans = {
      {"profiles", nullptr, Scoring::kFull}};
  if (train) plans.emplace_back("profiles+feedback", &feedback, Scoring::kFull);
  plans.emplace_back("bm25", nullptr, Scoring::kPlainBm25);
  for (const auto& [name, fb, scoring] : plans) {
    auto r = run(reader, truths, evaluated, days, options, name, fb, scoring);
    if (!r.ok()) return r.error();
    out.runs.push_back(std::move(r).value());
  }
  return out;
}

}  // namespace arxiv
