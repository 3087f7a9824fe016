// arxiv-triage fetch: bring the index up to arXiv's newest listing (for cron), and
// arxiv-triage status: what the fetches did.
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "fetcher/announcement_calendar.h"
#include "fetcher/api_client.h"
#include "fetcher/http_client.h"
#include "fetcher/polite_client.h"
#include "fetcher/text.h"
#include "index/backfill.h"
#include "index/daily_fetch.h"
#include "index/fetch_status.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/schema.h"

namespace arxiv::cli {

namespace {

struct FetchArgs {
  std::string rss_url = "https://rss.arxiv.org/rss";
  std::string oai_url = "https://oaipmh.arxiv.org/oai";
  std::string api_url = "https://export.arxiv.org/api/query";
  std::vector<std::string> ids;
  bool backfill = false;
  std::string from, until;
  std::string contact;
  std::vector<std::string> holidays;
  int min_interval_ms = 3000;
  int attempts = 5;
};

// The OAI-PMH sets covering `categories`, each once.
Result<std::vector<std::string>> oai_sets(const std::vector<std::string>& categories) {
  std::vector<std::string> sets;
  for (const auto& c : categories) {
    auto set = oai_set_for(c);
    if (!set.ok()) return set.error();
    if (std::find(sets.begin(), sets.end(), set.value()) == sets.end()) sets.push_back(set.value());
  }
  return sets;
}

// Missed listing days (recorded by earlier fetches too) are repaired from OAI-PMH: the harvest
// starts two listing days before the first one, since a listing's metadata is stamped the evening
// before its day.
int repair_missed_days(const Globals& globals, const FetchArgs& args, PoliteClient& client,
                       const AnnouncementCalendar& calendar,
                       const std::vector<std::string>& categories) {
  auto status = load_fetch_status(globals.data_dir);
  if (!status.ok()) return report_error(status.error());
  if (status->missing_days.empty()) return kExitOk;
  auto sets = oai_sets(categories);
  if (!sets.ok()) return report_error(sets.error());
  const std::string first =
      *std::min_element(status->missing_days.begin(), status->missing_days.end());
  OaiWindow window;
  window.base_url = args.oai_url;
  window.from = calendar.previous_listing_day(calendar.previous_listing_day(first));
  auto report =
      backfill(globals.data_dir, client, window, sets.value(), {&calendar, status->missing_days});
  if (!report.ok()) {
    report_error(
        Error{report.error().code, "repairing missed listing days: " + report.error().message, {}});
    return kExitError;
  }
  std::vector<std::string> still_missing;
  for (const auto& day : status->missing_days) {
    auto it = report->repaired.find(day);
    if (it == report->repaired.end()) {
      still_missing.push_back(day);
    } else {
      std::printf("repaired %s from OAI-PMH: %zu papers\n", day.c_str(), it->second);
    }
  }
  for (const auto& day : still_missing)
    std::printf("still missing %s: OAI-PMH had no new paper for it\n", day.c_str());
  status->missing_days = still_missing;
  if (Status s = save_fetch_status(globals.data_dir, status.value()); !s.ok())
    return report_error(s.error());
  return kExitOk;
}

int run_backfill(const Globals& globals, const FetchArgs& args, PoliteClient& client,
                 const std::vector<std::string>& categories) {
  for (const std::string* d : {&args.from, &args.until}) {
    if (!d->empty() && !is_valid_day(*d))
      return report_error(Error::invalid_input("not a date: '" + *d + "' (expected YYYY-MM-DD)"));
  }
  std::string from = args.from;
  if (from.empty()) {
    // Incremental: continue from the first server response of the previous harvest.
    auto reader = PaperReader::open(globals.data_dir);
    if (reader.ok()) {
      auto last = reader.value()->metadata(std::string(schema::kOaiLastHarvest));
      if (!last.ok()) return report_error(last.error());
      from = last.value();
    }
  }
  if (from.empty())
    return report_error(Error::invalid_input(
        "--backfill needs --from YYYY-MM-DD (there is no earlier harvest to continue from)"));
  auto sets = oai_sets(categories);
  if (!sets.ok()) return report_error(sets.error());
  OaiWindow window;
  window.base_url = args.oai_url;
  window.from = from;
  window.until = args.until;
  const bool terminal = isatty(STDERR_FILENO) == 1;
  auto report =
      backfill(globals.data_dir, client, window, sets.value(), {}, [&](const BackfillReport& r) {
        if (terminal)
          std::fprintf(stderr, "\rsets %zu/%zu  pages %zu  papers %zu", r.sets + r.sets_skipped,
                       sets->size(), r.pages, r.papers);
      });
  if (terminal) std::fprintf(stderr, "\n");
  if (!report.ok()) {
    report_error(report.error());
    return kExitError;
  }
  const BackfillReport& r = report.value();
  std::printf(
      "backfill from %s: %zu sets harvested%s (%zu already done), %zu pages, %zu papers (%zu "
      "added, %zu "
      "updated, %zu unchanged)\n",
      from.c_str(), r.sets, r.resumed ? ", resumed" : "", r.sets_skipped, r.pages, r.papers,
      r.counts.added, r.counts.updated, r.counts.unchanged);
  return kExitOk;
}

// Papers named by id are looked up through the query API and stored (or updated) in the index.
int run_lookup(const Globals& globals, const FetchArgs& args, PoliteClient& client) {
  ApiClient api(client, args.api_url);
  auto papers = api.lookup(args.ids);
  if (!papers.ok()) {
    report_error(papers.error());
    return papers.error().code == ErrorCode::kInvalidInput ? kExitUsage : kExitError;
  }
  auto writer = PaperWriter::open(globals.data_dir);
  if (!writer.ok()) return report_error(writer.error());
  UpsertCounts counts;
  for (const auto& p : papers.value()) {
    auto outcome = writer.value()->upsert(p);
    if (!outcome.ok()) return report_error(outcome.error());
    counts.count(outcome.value());
    std::printf("%sv%d  %s\n", p.id.c_str(), p.version, p.title.c_str());
  }
  if (Status s = writer.value()->commit(); !s.ok()) return report_error(s.error());
  std::printf("%zu of %zu ids found (%zu added, %zu updated, %zu unchanged)\n", papers->size(),
              args.ids.size(), counts.added, counts.updated, counts.unchanged);
  return papers->size() == args.ids.size() ? kExitOk : kExitPartial;
}

int run_fetch(const Globals& globals, const FetchArgs& args) {
  auto profiles = load_or_create_profiles(globals.data_dir);
  if (!profiles.ok()) return report_error(profiles.error());
  DailyFetchOptions options;
  options.rss_url = args.rss_url;
  for (const auto& p : profiles.value()) {
    for (const auto& c : p.categories) {
      if (std::find(options.categories.begin(), options.categories.end(), c) ==
          options.categories.end())
        options.categories.push_back(c);
    }
  }
  if (options.categories.empty())
    return report_error(Error::invalid_input("no profile names a category: nothing to fetch"));
  auto calendar = AnnouncementCalendar::make(args.holidays);
  if (!calendar.ok()) return report_error(calendar.error());
  HttpOptions http_options;
  http_options.user_agent = "arxiv-triage/0.1 (personal arXiv digest; mailto:" +
                            (args.contact.empty() ? std::string("unknown") : args.contact) + ")";
  auto http = make_http_client(http_options);
  SystemClock clock;
  PolitenessOptions politeness;
  politeness.min_interval = std::chrono::milliseconds(args.min_interval_ms);
  politeness.max_attempts = args.attempts;
  PoliteClient client(*http, clock, politeness);
  if (!args.ids.empty()) return run_lookup(globals, args, client);
  if (args.backfill) return run_backfill(globals, args, client, options.categories);
  auto report = fetch_daily(globals.data_dir, client, calendar.value(), clock, options);
  if (!report.ok()) {
    report_error(report.error());
    return kExitError;
  }
  const DailyFetchReport& r = report.value();
  switch (r.outcome) {
    case DailyOutcome::kNothingDue:
      std::printf("nothing due: the listing of %s is already in the index\n", r.due_day.c_str());
      break;
    case DailyOutcome::kStale:
      std::printf("stale: the feed is still dated %s; the listing of %s is due. Retry later.\n",
                  r.feed_day.empty() ? "-" : r.feed_day.c_str(), r.due_day.c_str());
      return kExitStale;
    case DailyOutcome::kNoAnnouncement:
      std::printf("%s: no announcement (empty listing), recorded\n", r.feed_day.c_str());
      break;
    case DailyOutcome::kIngested:
      std::printf("%s: %zu papers (%zu added, %zu updated, %zu unchanged)\n", r.feed_day.c_str(),
                  r.papers, r.counts.added, r.counts.updated, r.counts.unchanged);
      break;
  }
  if (!r.missing_days.empty()) {
    std::printf("missing listing days since the previous fetch:");
    for (const auto& d : r.missing_days) std::printf(" %s", d.c_str());
    std::printf("\n");
  }
  return repair_missed_days(globals, args, client, calendar.value(), options.categories);
}

int run_status(const Globals& globals) {
  auto status = load_fetch_status(globals.data_dir);
  if (!status.ok()) return report_error(status.error());
  std::fputs(format_fetch_status(status.value()).c_str(), stdout);
  return kExitOk;
}

}  // namespace

void add_fetch_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<FetchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fetch",
      "Fetch the newest arXiv listing for the profiles' categories (exit 0 done or nothing due, "
      "75 stale: retry later, 1 failed)");
  cmd->add_option("--rss-url", args->rss_url, "Base URL of the listing feeds")
      ->capture_default_str();
  cmd->add_option("--oai-url", args->oai_url, "Base URL of the OAI-PMH service")
      ->capture_default_str();
  cmd->add_option("--api-url", args->api_url, "Base URL of the query API")->capture_default_str();
  cmd->add_option("--id", args->ids, "Look these papers up by arXiv id and store them instead");
  cmd->add_flag(
      "--backfill", args->backfill,
      "Harvest past papers through OAI-PMH instead (from --from, else from the last harvest)");
  cmd->add_option("--from", args->from, "Backfill: first datestamp YYYY-MM-DD");
  cmd->add_option("--until", args->until, "Backfill: last datestamp YYYY-MM-DD (default: open)");
  cmd->add_option("--contact", args->contact, "Contact e-mail sent in the User-Agent")
      ->envname("ARXIV_TRIAGE_CONTACT");
  cmd->add_option("--holiday", args->holidays,
                  "A listing day without announcement (YYYY-MM-DD), repeatable");
  cmd->add_option("--min-interval-ms", args->min_interval_ms,
                  "Milliseconds between requests (never below 3000 for arXiv hosts)")
      ->capture_default_str()
      ->check(CLI::Range(0, 600000));
  cmd->add_option("--attempts", args->attempts,
                  "Tries per request before giving up (back-off between them)")
      ->capture_default_str()
      ->check(CLI::Range(1, 20));
  cmd->callback([&globals, &exit_code, args] { exit_code = run_fetch(globals, *args); });

  CLI::App* status = app.add_subcommand("status", "Show what the last fetches did");
  status->callback([&globals, &exit_code] { exit_code = run_status(globals); });
}

}  // namespace arxiv::cli
