// arxiv-triage digest: each profile's ranked papers of one announcement day.
#include <cstdio>

#include "cli/commands.h"
#include "cli/text_output.h"
#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/ranked_json.h"

namespace arxiv::cli {

namespace {

struct DigestArgs {
  std::string date;
  std::string profile;
  int limit = 0;
  std::string format = "text";
  bool merged = false;
};

int run_digest(const Globals& globals, const DigestArgs& args) {
  auto profiles = load_or_create_profiles(globals.data_dir);
  if (!profiles.ok()) return report_error(profiles.error());
  auto reader = PaperReader::open(globals.data_dir);
  if (!reader.ok()) return report_error(reader.error());
  auto feedback = stored_feedback(globals.data_dir);
  if (!feedback.ok()) return report_error(feedback.error());
  DigestOptions options{args.date, args.profile, args.limit, &feedback.value(), Scoring::kFull};
  // Both cores: a researcher with many profiles waits half as long (the server keeps one thread
  // per request, as it already serves requests in parallel).
  options.data_dir = globals.data_dir;
  auto digest = build_digest(*reader.value(), profiles.value(), options);
  if (!digest.ok()) return report_error(digest.error());
  if (args.format == "json") {
    std::printf("%s\n", digest_json(digest.value()).dump(2).c_str());
    return kExitOk;
  }
  auto seen = reader.value()->listing_seen(digest->day);
  if (!seen.ok()) return report_error(seen.error());
  std::fputs(format_digest_text(digest.value(), seen.value(), args.merged).c_str(), stdout);
  return kExitOk;
}

}  // namespace

void add_digest_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<DigestArgs>();
  CLI::App* cmd =
      app.add_subcommand("digest", "Show each profile's ranked papers of an announcement day");
  cmd->add_option("--date", args->date, "Announcement day YYYY-MM-DD (default: the newest)");
  cmd->add_option("--profile", args->profile, "Only this profile");
  cmd->add_option("--limit", args->limit, "Papers per profile (default: each profile's own)")
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--all", args->merged,
                "One list: each paper once, with every profile that ranked it");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&globals, &exit_code, args] { exit_code = run_digest(globals, *args); });
}

}  // namespace arxiv::cli
