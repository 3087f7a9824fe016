// arxiv-triage feedback: record likes, dismissals and no-signal marks for a profile, import a
// judgment file, and list what is stored.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.h"
#include "fetcher/paper.h"
#include "index/feedback_store.h"
#include "index/labels.h"
#include "index/paper_store.h"
#include "index/profile.h"

namespace arxiv::cli {

namespace {

struct FeedbackArgs {
  std::string profile;
  std::vector<std::string> like, dismiss, neutral;
  std::string import_profile, import_file;
  std::string list_profile, format = "text";
};

const char* grade_name(Grade grade) {
  switch (grade) {
    case Grade::kLike:
      return "like";
    case Grade::kDismiss:
      return "dismiss";
    case Grade::kNeutral:
      break;
  }
  return "neutral";
}

Status check_profile(const Globals& globals, const std::string& name) {
  auto profiles = load_or_create_profiles(globals.data_dir);
  if (!profiles.ok()) return profiles.error();
  auto found = find_profile(profiles.value(), name);
  if (!found.ok()) return found.error();
  return {};
}

// Null when the data directory has no index yet: every paper is then "not in the index".
Result<std::unique_ptr<PaperReader>> open_index(const Globals& globals) {
  auto reader = PaperReader::open(globals.data_dir);
  if (!reader.ok() && reader.error().code == ErrorCode::kNotFound)
    return std::unique_ptr<PaperReader>();
  return reader;
}

// Judged papers are kept even before their listing is imported; the count tells the user.
Status warn_missing(const Globals& globals, const std::vector<Judgment>& judgments) {
  auto reader = open_index(globals);
  if (!reader.ok()) return reader.error();
  size_t missing = 0;
  for (const auto& j : judgments) {
    if (*reader == nullptr) {
      ++missing;
      continue;
    }
    auto paper = (*reader)->paper(j.id);
    if (!paper.ok() && paper.error().code != ErrorCode::kNotFound) return paper.error();
    missing += !paper.ok();
  }
  if (missing > 0)
    spdlog::warn("{} of {} papers are not in the index yet", missing, judgments.size());
  return {};
}

int store(const Globals& globals, const std::string& profile,
          const std::vector<Judgment>& judgments) {
  if (auto s = warn_missing(globals, judgments); !s.ok()) return report_error(s.error());
  SystemClock clock;
  auto feedback = FeedbackStore::open(globals.data_dir, clock);
  if (!feedback.ok()) return report_error(feedback.error());
  if (auto s = feedback->record(profile, judgments); !s.ok()) return report_error(s.error());
  size_t counts[3] = {0, 0, 0};
  for (const auto& j : judgments) ++counts[static_cast<int>(j.grade)];
  std::printf("%s: %zu liked, %zu dismissed, %zu neutral\n", profile.c_str(), counts[2], counts[0],
              counts[1]);
  return kExitOk;
}

int run_record(const Globals& globals, const FeedbackArgs& args) {
  if (args.profile.empty()) return report_error(Error::invalid_input("feedback needs --profile"));
  if (auto s = check_profile(globals, args.profile); !s.ok()) return report_error(s.error());
  std::vector<Judgment> judgments;
  std::set<std::string> seen;
  for (const auto& [ids, grade] :
       {std::pair{&args.like, Grade::kLike}, std::pair{&args.dismiss, Grade::kDismiss},
        std::pair{&args.neutral, Grade::kNeutral}}) {
    for (const auto& text : *ids) {
      auto id = parse_arxiv_id(text);
      if (!id.ok()) return report_error(Error::invalid_input("not an arXiv id: '" + text + "'"));
      if (!seen.insert(id->base).second)
        return report_error(Error::invalid_input(id->base + " is given more than once"));
      judgments.push_back({id->base, grade});
    }
  }
  if (judgments.empty())
    return report_error(Error::invalid_input(
        "nothing to record: give --like, --dismiss or --neutral ids (or use feedback list)"));
  return store(globals, args.profile, judgments);
}

// `feedback --like X import F` would otherwise drop the likes without a word.
Status check_no_ids(const FeedbackArgs& args) {
  if (args.like.empty() && args.dismiss.empty() && args.neutral.empty()) return {};
  return Error::invalid_input("--like, --dismiss and --neutral cannot be combined with " +
                              std::string(args.import_file.empty() ? "list" : "import"));
}

int run_import(const Globals& globals, const FeedbackArgs& args) {
  if (auto s = check_no_ids(args); !s.ok()) return report_error(s.error());
  if (auto s = check_profile(globals, args.import_profile); !s.ok()) return report_error(s.error());
  auto judgments = load_labels_file(args.import_file);
  if (!judgments.ok()) return report_error(judgments.error());
  return store(globals, args.import_profile, judgments.value());
}

int run_list(const Globals& globals, const FeedbackArgs& args) {
  if (auto s = check_no_ids(args); !s.ok()) return report_error(s.error());
  if (auto s = check_profile(globals, args.list_profile); !s.ok()) return report_error(s.error());
  SystemClock clock;
  auto feedback = FeedbackStore::open(globals.data_dir, clock);
  if (!feedback.ok()) return report_error(feedback.error());
  auto judgments = feedback->list(args.list_profile);
  if (!judgments.ok()) return report_error(judgments.error());
  auto revision = feedback->revision();
  if (!revision.ok()) return report_error(revision.error());
  auto reader = open_index(globals);
  if (!reader.ok()) return report_error(reader.error());
  nlohmann::json out = {{"profile", args.list_profile},
                        {"revision", revision.value()},
                        {"judgments", nlohmann::json::array()}};
  for (const auto& j : judgments.value()) {
    nlohmann::json title = nullptr;
    if (*reader != nullptr) {
      auto paper = (*reader)->paper(j.id);
      if (!paper.ok() && paper.error().code != ErrorCode::kNotFound)
        return report_error(paper.error());
      if (paper.ok()) title = paper->title;
    }
    out["judgments"].push_back({{"id", j.id},
                                {"grade", static_cast<int>(j.grade)},
                                {"judgment", grade_name(j.grade)},
                                {"updated_at", j.updated_at},
                                {"title", title}});
  }
  if (args.format == "json") {
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s: %zu judgments\n", args.list_profile.c_str(), judgments->size());
  for (const auto& j : out["judgments"]) {
    std::printf(
        "  %-8s %-18s %s  %s\n", j["judgment"].get<std::string>().c_str(),
        j["id"].get<std::string>().c_str(), j["updated_at"].get<std::string>().c_str(),
        j["title"].is_null() ? "(not in the index)" : j["title"].get<std::string>().c_str());
  }
  return kExitOk;
}

}  // namespace

void add_feedback_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<FeedbackArgs>();
  CLI::App* cmd = app.add_subcommand(
      "feedback", "Like, dismiss or mark papers as no signal for a profile; import or list them");
  cmd->require_subcommand(0, 1);
  cmd->add_option("--profile", args->profile, "The profile judged");
  cmd->add_option("--like", args->like, "arXiv ids to like (must read)");
  cmd->add_option("--dismiss", args->dismiss, "arXiv ids to dismiss (not relevant)");
  cmd->add_option("--neutral", args->neutral, "arXiv ids that carry no signal");

  CLI::App* import_cmd = cmd->add_subcommand(
      "import", "Record a judgment file: lines id<TAB>grade (2 like, 1 no signal, 0 dismiss)");
  import_cmd->add_option("--profile", args->import_profile, "The profile judged")->required();
  import_cmd->add_option("file", args->import_file, "Judgment file (.tsv)")->required();
  import_cmd->callback([&globals, &exit_code, args] { exit_code = run_import(globals, *args); });

  CLI::App* list = cmd->add_subcommand("list", "Show a profile's stored judgments, newest first");
  list->add_option("--profile", args->list_profile, "The profile")->required();
  list->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  list->callback([&globals, &exit_code, args] { exit_code = run_list(globals, *args); });

  add_suggest_commands(*cmd, globals, exit_code);
  cmd->callback([cmd, &globals, &exit_code, args] {
    if (cmd->get_subcommands().empty()) exit_code = run_record(globals, *args);
  });
}

}  // namespace arxiv::cli
