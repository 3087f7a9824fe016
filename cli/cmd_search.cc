// arxiv-triage search: rank papers of a range of days by text and/or a profile.
#include <cstdio>

#include "cli/commands.h"
#include "cli/text_output.h"
#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/ranked_json.h"

namespace arxiv::cli {

namespace {

struct SearchArgs {
  std::string text;
  std::string profile;
  std::string from, to;
  size_t limit = 20;
  size_t offset = 0;
  std::string format = "text";
};

int run_search(const Globals& globals, const SearchArgs& args) {
  SearchOptions options;
  options.text = args.text;
  options.from = args.from;
  options.to = args.to;
  options.limit = args.limit;
  options.offset = args.offset;
  std::vector<Profile> profiles;
  if (!args.profile.empty()) {
    auto loaded = load_or_create_profiles(globals.data_dir);
    if (!loaded.ok()) return report_error(loaded.error());
    profiles = std::move(loaded).value();
    auto found = find_profile(profiles, args.profile);
    if (!found.ok()) return report_error(found.error());
    options.profile = found.value();
  }
  auto reader = PaperReader::open(globals.data_dir);
  if (!reader.ok()) return report_error(reader.error());
  auto feedback = stored_feedback(globals.data_dir);
  if (!feedback.ok()) return report_error(feedback.error());
  if (options.profile != nullptr) {
    auto it = feedback->find(options.profile->name);
    if (it != feedback->end()) options.feedback = &it->second;
  }
  auto results = search_papers(*reader.value(), options);
  if (!results.ok()) return report_error(results.error());
  if (args.format == "json") {
    std::printf("%s\n", search_json(results.value()).dump(2).c_str());
  } else {
    std::fputs(format_search_text(results.value(), args.offset).c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace

void add_search_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd =
      app.add_subcommand("search", "Rank the papers of a range of days by text and/or a profile");
  cmd->add_option("text", args->text, "Search text: words, \"phrases\", title:, author:, cat:");
  cmd->add_option("--profile", args->profile, "Rank by this profile");
  cmd->add_option("--from", args->from, "First announcement day YYYY-MM-DD");
  cmd->add_option("--to", args->to, "Last announcement day YYYY-MM-DD");
  cmd->add_option("--limit", args->limit, "Papers to show")->check(CLI::Range(1, 10000));
  // CLI11 would read "-1" into the size_t as a huge offset.
  cmd->add_option("--offset", args->offset, "Skip this many papers first (paging)")
      ->check(CLI::Range(0, 1000000000));
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&globals, &exit_code, args] { exit_code = run_search(globals, *args); });
}

}  // namespace arxiv::cli
