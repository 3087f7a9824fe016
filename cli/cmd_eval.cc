// arxiv-triage eval: ranking quality against judgment files, for the profiles alone, with the
// judgments of a training window as feedback, and for plain BM25 (index/evaluation.h).
// The user's feedback.sqlite is never opened: training feedback lives in memory.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "index/evaluation.h"
#include "index/labels.h"
#include "index/paper_store.h"
#include "index/profile.h"

namespace arxiv::cli {

namespace {

struct EvalArgs {
  std::string labels;
  EvalOptions options;
  std::string format = "text";
};

nlohmann::json number_or_null(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json scores_json(const ProfileScores& s) {
  return {{"profile", s.profile},
          {"daily_ndcg5", number_or_null(s.daily_ndcg)},
          {"days", s.days},
          {"backlog_ndcg20", number_or_null(s.backlog_ndcg)},
          {"recall10", number_or_null(s.recall)},
          {"must_reads", s.must_reads},
          {"unjudged_daily", s.unjudged_daily},
          {"unjudged_backlog", s.unjudged_backlog},
          {"feedback", s.feedback}};
}

nlohmann::json evaluation_json(const Evaluation& ev, const EvalOptions& options) {
  nlohmann::json out = {{"from", options.from},
                        {"to", options.to},
                        {"train_from", nullptr},
                        {"train_to", nullptr},
                        {"days", ev.days},
                        {"judged", ev.judged},
                        {"not_in_index", ev.not_found},
                        {"runs", nlohmann::json::array()}};
  if (!options.train_from.empty()) {
    out["train_from"] = options.train_from;
    out["train_to"] = options.train_to;
  }
  for (const auto& run : ev.runs) {
    nlohmann::json profiles = nlohmann::json::array();
    for (const auto& s : run.profiles) profiles.push_back(scores_json(s));
    out["runs"].push_back(
        {{"name", run.name}, {"profiles", profiles}, {"mean", scores_json(run.mean)}});
  }
  return out;
}

// "0.912 (34)": a measure and what it was averaged over; "-" when undefined.
std::string cell(const std::optional<double>& v, std::optional<size_t> over = std::nullopt) {
  if (!v) return "-";
  char buf[48];
  if (over)
    std::snprintf(buf, sizeof buf, "%.3f (%zu)", *v, *over);
  else
    std::snprintf(buf, sizeof buf, "%.3f", *v);
  return buf;
}

std::string count(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v == static_cast<size_t>(v) ? "%.0f" : "%.1f", v);
  return buf;
}

std::string evaluation_text(const Evaluation& ev, const EvalOptions& options) {
  std::string out = "eval " + options.from + " .. " + options.to + ": " + std::to_string(ev.days) +
                    " announcement days, " + std::to_string(ev.judged) +
                    " judged papers in the index";
  if (!options.train_from.empty())
    out +=
        "; feedback: judgments first announced " + options.train_from + " .. " + options.train_to;
  out += "\n";
  size_t width = 8;
  for (const auto& s : ev.runs.front().profiles) width = std::max(width, s.profile.size() + 2);
  auto line = [&](const std::vector<std::string>& cells, bool feedback) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-*s%-16s%-17s%-16s%-16s%-18s", static_cast<int>(width),
                  cells[0].c_str(), cells[1].c_str(), cells[2].c_str(), cells[3].c_str(),
                  cells[4].c_str(), cells[5].c_str());
    std::string row = buf;
    if (feedback) row += cells[6];
    while (!row.empty() && row.back() == ' ') row.pop_back();
    out += row + "\n";
  };
  for (const auto& run : ev.runs) {
    const bool feedback = run.name == "profiles+feedback";
    out += "\n== " + run.name + "\n";
    line({"profile", "nDCG@5 (days)", "backlog nDCG@20", "recall@10 (of)", "unjudged@5",
          "unjudged@20", "feedback"},
         feedback);
    auto row = [&](const ProfileScores& s) {
      line({s.profile, cell(s.daily_ndcg, s.days), cell(s.backlog_ndcg),
            cell(s.recall, s.must_reads), count(s.unjudged_daily), count(s.unjudged_backlog),
            std::to_string(s.feedback)},
           feedback);
    };
    for (const auto& s : run.profiles) row(s);
    row(run.mean);
  }
  return out;
}

int run_eval(const Globals& globals, const EvalArgs& args) {
  auto labels = load_labels_dir(args.labels);
  if (!labels.ok()) return report_error(labels.error());
  auto profiles = load_or_create_profiles(globals.data_dir);
  if (!profiles.ok()) return report_error(profiles.error());
  auto reader = PaperReader::open(globals.data_dir);
  if (!reader.ok()) return report_error(reader.error());
  auto ev = evaluate(*reader.value(), profiles.value(), labels.value(), args.options);
  if (!ev.ok()) return report_error(ev.error());
  for (const auto& w : ev->warnings) spdlog::warn("{}", w);
  if (args.format == "json") {
    std::printf("%s\n", evaluation_json(ev.value(), args.options).dump(2).c_str());
  } else {
    std::fputs(evaluation_text(ev.value(), args.options).c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace

void add_eval_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Measure ranking quality against judgment files (<profile>.tsv per profile)");
  cmd->add_option("--labels", args->labels, "Directory of <profile>.tsv judgment files")
      ->required();
  cmd->add_option("--from", args->options.from, "First evaluated announcement day YYYY-MM-DD")
      ->required();
  cmd->add_option("--to", args->options.to, "Last evaluated announcement day YYYY-MM-DD")
      ->required();
  cmd->add_option("--train-from", args->options.train_from,
                  "Judgments first announced from this day on are given as feedback");
  cmd->add_option("--train-to", args->options.train_to, "... up to this day");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&globals, &exit_code, args] { exit_code = run_eval(globals, *args); });
}

}  // namespace arxiv::cli
