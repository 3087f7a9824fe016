// Measuring ranking quality against graded judgments, as shared/eval/README.md defines it:
// relevant = grade >= 1, gain = grade, DCG discount 1 / log2(rank + 1), unjudged papers gain 0.
//
//  - daily nDCG@5: for each announcement day in the window with a judged-relevant paper on it
//    (a paper is on every day it was announced), the nDCG of the profile's top 5 that day
//    against the ideal order of the papers judged on that day; averaged over those days;
//  - must-read recall@10: the share of grade-2 papers, first announced in the window, that are in
//    the top 10 of their first announcement day;
//  - backlog nDCG@20: a profile search over the window against every judged paper announced in
//    it;
//  - unjudged: papers without a judgment in those top 5s (counted days) and in the top 20.
//
// Runs: "profiles" (Scoring::kFull), "profiles+feedback" (the same with the judgments first
// announced in the training window given as feedback, built in memory: nothing is stored) and
// "bm25" (Scoring::kPlainBm25). One build_digest per day serves every profile.
//
// Functions read through a PaperReader and share its thread-safety: one reader per thread. The
// arithmetic functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fetcher/result.h"
#include "index/labels.h"
#include "index/paper_store.h"
#include "index/profile.h"

namespace arxiv {

// DCG of the first k gains, given in rank order.
double dcg_at(const std::vector<int>& ranked_gains, size_t k);
// DCG@k of `ranked_gains` over the DCG@k of `judged_gains` sorted best first; nullopt when no
// judged gain is positive (nothing to find, so the measure is undefined).
std::optional<double> ndcg_at(const std::vector<int>& ranked_gains,
                              const std::vector<int>& judged_gains, size_t k);
// Mean of the defined values; nullopt when there are none.
std::optional<double> mean_of(const std::vector<std::optional<double>>& values);

struct EvalOptions {
  std::string from, to;  // evaluated announcement days YYYY-MM-DD, inclusive
  // Judgments first announced in [train_from, train_to] become feedback; both empty = no
  // feedback run. The window may overlap the evaluated one (a warning says so).
  std::string train_from, train_to;
};

// One profile's measures in one run (nullopt: undefined, nothing judged to find).
struct ProfileScores {
  std::string profile;  // "mean" for a run's summary row
  std::optional<double> daily_ndcg;
  std::optional<double> backlog_ndcg;
  std::optional<double> recall;
  double unjudged_daily = 0;    // in the counted days' top 5s
  double unjudged_backlog = 0;  // in the backlog top 20
  size_t days = 0;              // days counted for daily nDCG@5
  size_t must_reads = 0;        // grade-2 papers first announced in the window
  size_t feedback = 0;          // judged papers given as feedback (likes + dismissals)
};

struct EvalRun {
  std::string name;                     // "profiles", "profiles+feedback", "bm25"
  std::vector<ProfileScores> profiles;  // in profiles.toml order
  // Measures and unjudged counts: mean over the profiles (where defined); days, must_reads and
  // feedback: summed.
  ProfileScores mean;
};

struct Evaluation {
  std::vector<EvalRun> runs;
  size_t days = 0;                    // announcement days in the window
  size_t judged = 0;                  // judgments of evaluated profiles whose paper is in the index
  size_t not_found = 0;               // judgments whose paper is not in the index (left out)
  std::vector<std::string> warnings;  // for the caller to show: ignored labels, overlap
};

// Evaluates every profile that has labels. kInvalidInput for a malformed or reversed window, a
// training window given by one end only, or labels naming no known profile; kNotFound when the
// index has no announcement day in the window; index errors as they come.
Result<Evaluation> evaluate(PaperReader& reader, const std::vector<Profile>& profiles,
                            const LabelSet& labels, const EvalOptions& options);

}  // namespace arxiv
