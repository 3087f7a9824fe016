// One run of the e-mail digests (`arxiv-triage mail`): which announcement days to mail, to whom,
// building each subscriber's message (mail_digest.h), handing it to the transport and logging the
// outcome in the subscriber store's send log, so that a day is mailed to an address once.
//
// Days. With an explicit day, that day alone. Otherwise the listing day the announcement calendar
// says is due now, and the `catch_up` - 1 listing days before it, oldest first, so a run that
// was missed (or a send that failed) is made good by the next one; a subscriber gets only days on
// or after the day they subscribed. The newest day (explicit or due) must be complete in the index
// (its listing was fetched or imported: PaperReader::listing_seen); while it is not, the run sends
// nothing at all and reports `incomplete_day`, so cron retries. An older day of the window that is
// not complete is skipped and named in the report. A day whose listing was empty (no
// announcement) is mailed only with send_empty_days.
//
// Cadence. A daily subscriber gets one message per day. A weekly subscriber gets one message on
// the last listing day of each week (Monday to Friday, holidays skipped), covering that week's
// complete listing days; on other days they are not due.
//
// Delivery. Each (address, day) without a "sent" row in the send log is built and sent; the
// attempt is logged as sent or failed (with the error), and failed ones are tried again by the
// next run. A process killed between the server accepting a message and the log being written
// sends that one message again on the next run: at least once, never silently lost. A dry run
// writes each message to <dry_run_dir>/<day>-<address>.eml instead and logs nothing.
// Only one run at a time: a second, concurrent run fails with kConflict (the lock is
// <data dir>/mail.lock, released when the process ends, however it ends).
//
// Not thread-safe; one run per process at a time.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "fetcher/announcement_calendar.h"
#include "fetcher/clock.h"
#include "fetcher/result.h"
#include "server/mail_transport.h"
#include "server/templates.h"

namespace arxiv {

struct MailRunOptions {
  std::string day;   // YYYY-MM-DD: mail this day only; empty: the due day and the catch-up window
  int catch_up = 3;  // listing days looked at without `day`, the due one included; >= 1
  int grace_minutes = 30;  // as the fetch's: when a listing becomes due after midnight Eastern
  std::string from;  // "arXiv digest <digest@example.org>"; its address is the envelope sender
  std::string public_url;        // "https://triage.example.org": the web links and unsubscribe link
  size_t top_n = 5;              // papers per profile
  bool send_empty_days = false;  // mail "no announcement" days too
  std::filesystem::path dry_run_dir;  // non-empty: write .eml files here, send and log nothing
};

// What happened to one (address, day).
struct MailOutcome {
  std::string email;
  std::string day;
  enum class Kind { kSent, kWritten, kFailed } kind = Kind::kSent;
  std::string detail;  // the file written, or the error
};

struct MailRunReport {
  // Set when the newest day is not complete in the index: nothing was sent.
  std::string incomplete_day;
  std::vector<std::string> days;          // the complete days looked at, oldest first
  std::vector<std::string> skipped_days;  // older days of the window not complete
  std::vector<std::string> empty_days;    // no announcement, not mailed
  std::vector<MailOutcome> outcomes;      // in the order tried
  size_t already_sent = 0;                // (address, day) pairs the log had as sent

  size_t count(MailOutcome::Kind kind) const;
};

// Runs the digests over the data directory. `transport` may be null for a dry run only.
// kInvalidInput for bad options (malformed day, empty from or public URL, top_n 0, catch_up < 1,
// no transport outside a dry run); kConflict while another run holds the lock; errors of the
// index, profiles, feedback or subscriber store as they come. Send failures are not errors of
// the run: they are in the report (and the send log).
Result<MailRunReport> run_mail(const std::filesystem::path& data_dir, const Templates& templates,
                               const MailTransport* transport, const AnnouncementCalendar& calendar,
                               const Clock& clock, const MailRunOptions& options);

}  // namespace arxiv
