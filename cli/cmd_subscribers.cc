// arxiv-triage subscribers add|list|remove: who gets the e-mail digest (index/subscriber_store.h).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "index/profile.h"
#include "index/subscriber_store.h"

namespace arxiv::cli {

namespace {

struct SubscribersArgs {
  std::string add_email, remove_email;
  std::vector<std::string> profiles;
  bool weekly = false;
  std::string format = "text";
};

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

int run_add(const Globals& globals, const SubscribersArgs& args) {
  // Checked before the store is opened, so a refused address does not create the database.
  if (auto s = validate_email(args.add_email); !s.ok()) return report_error(s.error());
  auto profiles = load_or_create_profiles(globals.data_dir);
  if (!profiles.ok()) return report_error(profiles.error());
  if (auto s = check_profiles_exist(args.profiles, profiles.value()); !s.ok())
    return report_error(s.error());
  SystemClock clock;
  auto store = SubscriberStore::open(globals.data_dir, clock);
  if (!store.ok()) return report_error(store.error());
  auto added =
      store->add(args.add_email, args.profiles, args.weekly ? Cadence::kWeekly : Cadence::kDaily);
  if (!added.ok()) return report_error(added.error());
  const Subscriber& s = added->subscriber;
  std::printf("%s %s (%s): %s\n", added->created ? "subscribed" : "updated", s.email.c_str(),
              cadence_name(s.cadence), joined(s.profiles).c_str());
  return kExitOk;
}

Result<std::vector<Subscriber>> stored_subscribers(const Globals& globals) {
  // Listing must not create the database.
  std::error_code ec;
  if (!std::filesystem::exists(subscribers_path(globals.data_dir), ec))
    return std::vector<Subscriber>();
  SystemClock clock;
  auto store = SubscriberStore::open(globals.data_dir, clock);
  if (!store.ok()) return store.error();
  return store->list();
}

int run_list(const Globals& globals, const SubscribersArgs& args) {
  auto all = stored_subscribers(globals);
  if (!all.ok()) return report_error(all.error());
  if (args.format == "json") {
    // The unsubscribe tokens stay out: they are for the subscriber's own link only.
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : *all)
      out.push_back({{"email", s.email},
                     {"profiles", s.profiles},
                     {"cadence", cadence_name(s.cadence)},
                     {"created_at", s.created_at}});
    std::printf("%s\n", nlohmann::json{{"subscribers", out}}.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%zu subscriber%s\n", all->size(), all->size() == 1 ? "" : "s");
  for (const auto& s : *all)
    std::printf("  %-32s %-6s since %s  %s\n", s.email.c_str(), cadence_name(s.cadence),
                s.created_at.c_str(), joined(s.profiles).c_str());
  return kExitOk;
}

int run_remove(const Globals& globals, const SubscribersArgs& args) {
  SystemClock clock;
  auto store = SubscriberStore::open(globals.data_dir, clock);
  if (!store.ok()) return report_error(store.error());
  if (auto s = store->remove(args.remove_email); !s.ok()) return report_error(s.error());
  std::printf("unsubscribed %s\n", args.remove_email.c_str());
  return kExitOk;
}

}  // namespace

void add_subscribers_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<SubscribersArgs>();
  CLI::App* cmd =
      app.add_subcommand("subscribers", "Manage who gets the e-mail digest: add, list, remove");
  cmd->require_subcommand(1);

  CLI::App* add = cmd->add_subcommand(
      "add", "Subscribe an address to profiles' digests (again: change its profiles and cadence)");
  add->add_option("email", args->add_email, "E-mail address")->required();
  add->add_option("--profiles", args->profiles, "Profiles whose papers it gets: a,b")
      ->required()
      ->delimiter(',');
  add->add_flag("--weekly", args->weekly, "One digest a week instead of one per announcement");
  add->callback([&globals, &exit_code, args] { exit_code = run_add(globals, *args); });

  CLI::App* list = cmd->add_subcommand("list", "Show the subscribers");
  list->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  list->callback([&globals, &exit_code, args] { exit_code = run_list(globals, *args); });

  CLI::App* remove = cmd->add_subcommand("remove", "Unsubscribe an address");
  remove->add_option("email", args->remove_email, "E-mail address")->required();
  remove->callback([&globals, &exit_code, args] { exit_code = run_remove(globals, *args); });
}

}  // namespace arxiv::cli
