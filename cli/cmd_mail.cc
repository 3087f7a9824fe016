// arxiv-triage mail: the e-mail digests of the due announcement day (server/mail_run.h), sent by
// SMTP or sendmail, each (subscriber, day) once.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <optional>

#include "cli/commands.h"
#include "index/fetch_status.h"
#include "server/mail_run.h"
#include "server/mail_transport.h"
#include "server/templates.h"

namespace arxiv::cli {

namespace {

struct MailArgs {
  MailRunOptions run;
  MailTransportConfig transport;
  std::vector<std::string> holidays;
  std::filesystem::path web_dir = default_web_dir();
  int retry_delay_ms = 2000;
};

const char* kind_name(MailOutcome::Kind kind) {
  switch (kind) {
    case MailOutcome::Kind::kSent:
      return "sent";
    case MailOutcome::Kind::kWritten:
      return "wrote";
    case MailOutcome::Kind::kFailed:
      return "FAILED";
  }
  return "";
}

// Why the day is not there yet, from what the fetches recorded.
std::string fetch_hint(const Globals& globals) {
  auto status = load_fetch_status(globals.data_dir);
  if (!status.ok() || status->last_attempt.empty()) return "no fetch has run yet";
  std::string hint = "last fetch " + status->last_attempt + ", newest listing " +
                     (status->last_listing_day.empty() ? "none" : status->last_listing_day);
  if (!status->last_error.empty()) hint += ", error: " + status->last_error;
  return hint;
}

// Each message would refuse a line break in a header (mime_message.h), one failure per
// subscriber; refused once here instead, before anything is read or sent.
Status check_one_line(const MailRunOptions& run) {
  for (const auto& [option, value] :
       {std::pair{"--from", &run.from}, std::pair{"--public-url", &run.public_url}}) {
    if (value->find_first_of("\r\n") != std::string::npos)
      return Error::invalid_input(std::string(option) +
                                  " must be one line: it holds a line break (header injection?)");
  }
  return {};
}

int run_mail_command(const Globals& globals, MailArgs& args) {
  if (auto s = check_one_line(args.run); !s.ok()) return report_error(s.error());
  auto calendar = AnnouncementCalendar::make(args.holidays);
  if (!calendar.ok()) return report_error(calendar.error());
  auto templates = Templates::load(args.web_dir);
  if (!templates.ok()) return report_error(templates.error());
  SystemClock clock;
  std::optional<MailTransport> transport;
  if (args.run.dry_run_dir.empty()) {
    args.transport.first_backoff = std::chrono::milliseconds(args.retry_delay_ms);
    auto made = MailTransport::make(args.transport, clock);
    if (!made.ok()) return report_error(made.error());
    transport.emplace(std::move(made).value());
  }
  auto report = run_mail(globals.data_dir, templates.value(), transport ? &*transport : nullptr,
                         calendar.value(), clock, args.run);
  if (!report.ok()) return report_error(report.error());
  if (!report->incomplete_day.empty()) {
    spdlog::error(
        "the listing of {} is not complete in the index yet ({}); nothing was sent. Run `fetch` "
        "(or `import` the day); mail again later",
        report->incomplete_day, fetch_hint(globals));
    return kExitStale;
  }
  for (const auto& day : report->skipped_days)
    spdlog::warn("the listing of {} is not in the index; it was not mailed", day);
  for (const auto& o : report->outcomes)
    std::printf("%s %s %s%s%s\n", kind_name(o.kind), o.day.c_str(), o.email.c_str(),
                o.detail.empty() ? "" : ": ", o.detail.c_str());
  std::string days;
  for (const auto& d : report->days) days += (days.empty() ? "" : ", ") + d;
  const size_t failed = report->count(MailOutcome::Kind::kFailed);
  std::printf("mail %s: %zu sent, %zu written, %zu failed, %zu already sent earlier", days.c_str(),
              report->count(MailOutcome::Kind::kSent), report->count(MailOutcome::Kind::kWritten),
              failed, report->already_sent);
  for (const auto& d : report->empty_days) std::printf("; %s had no announcement", d.c_str());
  std::printf("\n");
  if (failed > 0) {
    spdlog::error("{} message{} could not be sent; the next run tries again", failed,
                  failed == 1 ? "" : "s");
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

void add_mail_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<MailArgs>();
  args->run.from = "arXiv triage <arxiv-triage@localhost>";
  args->run.public_url = "http://localhost:8080";
  CLI::App* cmd = app.add_subcommand(
      "mail", "E-mail each subscriber the digest of the due announcement day (once per day)");
  MailRunOptions& run = args->run;
  cmd->add_option("--date", run.day,
                  "Mail this announcement day (YYYY-MM-DD) only (default: the day due now, and "
                  "the catch-up days before it)");
  cmd->add_option("--dry-run", run.dry_run_dir,
                  "Write each message to DIR/DAY-ADDRESS.eml instead; send and log nothing");
  cmd->add_option("--catch-up", run.catch_up,
                  "Listing days looked back on without --date, the due one included")
      ->check(CLI::Range(1, 30))
      ->capture_default_str();
  cmd->add_option("--from", run.from, "Sender: \"Name <address>\" or an address")
      ->capture_default_str();
  cmd->add_option("--public-url", run.public_url,
                  "Where the web service is reachable: links and the unsubscribe link")
      ->capture_default_str();
  cmd->add_option("--top", run.top_n, "Papers per profile in the message")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_flag("--send-empty-days", run.send_empty_days,
                "Mail days without an announcement too (saying so)");
  cmd->add_option("--holiday", args->holidays,
                  "A listing day without announcement (YYYY-MM-DD), repeatable: as for fetch");
  MailTransportConfig& transport = args->transport;
  cmd->add_option("--smtp-url", transport.smtp_url,
                  "SMTP server: smtp://host:port (STARTTLS when offered) or smtps://host:port "
                  "(default: deliver with sendmail)");
  cmd->add_option("--smtp-user", transport.username, "SMTP login (also ARXIV_TRIAGE_SMTP_USER)")
      ->envname("ARXIV_TRIAGE_SMTP_USER");
  cmd->add_option("--smtp-password", transport.password,
                  "SMTP password; prefer ARXIV_TRIAGE_SMTP_PASSWORD or [mail] in the config file")
      ->envname("ARXIV_TRIAGE_SMTP_PASSWORD");
  cmd->add_flag("--require-starttls", transport.require_starttls,
                "smtp:// only: fail rather than send in clear when STARTTLS is not offered");
  cmd->add_option("--sendmail", transport.sendmail_path, "sendmail to use without --smtp-url")
      ->capture_default_str();
  cmd->add_option("--attempts", transport.attempts, "Tries per message, with back-off")
      ->check(CLI::Range(1, 10))
      ->capture_default_str();
  cmd->add_option("--retry-delay-ms", args->retry_delay_ms,
                  "Wait before the first retry (doubled after each)")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  cmd->add_option("--web-dir", args->web_dir, "Directory with templates/ (the mail templates)")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  cmd->callback([&globals, &exit_code, args] { exit_code = run_mail_command(globals, *args); });
}

}  // namespace arxiv::cli
