// arxiv-triage feedback suggest / accept: the terms a profile's likes suggest, and adding chosen
// ones to the profile's query in profiles.toml.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/suggestions.h"

namespace arxiv::cli {

namespace {

struct SuggestArgs {
  std::string profile;
  size_t limit = 15;
  std::string format = "text";
  std::vector<std::string> words;
};

int run_suggest(const Globals& globals, const SuggestArgs& args) {
  auto profiles = load_or_create_profiles(globals.data_dir);
  if (!profiles.ok()) return report_error(profiles.error());
  auto profile = find_profile(profiles.value(), args.profile);
  if (!profile.ok()) return report_error(profile.error());
  auto feedback = stored_feedback(globals.data_dir);
  if (!feedback.ok()) return report_error(feedback.error());
  const ProfileFeedback mine = (*feedback)[args.profile];
  auto reader = PaperReader::open(globals.data_dir);
  if (!reader.ok()) return report_error(reader.error());
  auto terms = suggest_terms(*reader.value(), *profile.value(), mine, args.limit);
  if (!terms.ok()) return report_error(terms.error());
  if (args.format == "json") {
    nlohmann::json out = {{"profile", args.profile},
                          {"likes", mine.liked.size()},
                          {"terms", nlohmann::json::array()}};
    for (const auto& t : terms.value())
      out["terms"].push_back({{"term", t.label}, {"weight", t.weight}});
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  if (terms->empty()) {
    std::printf("%s: nothing to suggest (%zu likes; like more papers first)\n",
                args.profile.c_str(), mine.liked.size());
    return kExitOk;
  }
  std::printf("%s: terms learned from %zu likes that the query does not have yet\n",
              args.profile.c_str(), mine.liked.size());
  for (const auto& t : terms.value()) std::printf("  %-24s %6.2f\n", t.label.c_str(), t.weight);
  std::printf("add some with: arxiv-triage feedback accept --profile %s WORD...\n",
              args.profile.c_str());
  return kExitOk;
}

int run_accept(const Globals& globals, const SuggestArgs& args) {
  auto profiles = load_or_create_profiles(globals.data_dir);
  if (!profiles.ok()) return report_error(profiles.error());
  auto found = find_profile(profiles.value(), args.profile);
  if (!found.ok()) return report_error(found.error());
  auto accepted = accept_terms(*found.value(), args.words);
  if (!accepted.ok()) return report_error(accepted.error());
  const bool unchanged = accepted->query == found.value()->query;
  std::vector<Profile> updated = profiles.value();
  for (auto& p : updated) {
    if (p.name == args.profile) p = accepted.value();
  }
  if (Status saved = save_profiles(globals.data_dir, updated); !saved.ok())
    return report_error(saved.error());
  std::printf("%s: query is now: %s\n", args.profile.c_str(),
              unchanged ? "(unchanged: it has those words)" : accepted->query.c_str());
  return kExitOk;
}

}  // namespace

void add_suggest_commands(CLI::App& feedback, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<SuggestArgs>();
  CLI::App* suggest = feedback.add_subcommand(
      "suggest", "Terms the profile's likes suggest (relevance-feedback expansion)");
  suggest->add_option("--profile", args->profile, "The profile")->required();
  suggest->add_option("--limit", args->limit, "At most this many terms")->check(CLI::Range(1, 100));
  suggest->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  suggest->callback([&globals, &exit_code, args] { exit_code = run_suggest(globals, *args); });

  CLI::App* accept =
      feedback.add_subcommand("accept", "Add words (e.g. suggested ones) to the profile's query");
  accept->add_option("--profile", args->profile, "The profile")->required();
  accept->add_option("words", args->words, "Words to add")->required();
  accept->callback([&globals, &exit_code, args] { exit_code = run_accept(globals, *args); });
}

}  // namespace arxiv::cli
