// MailTransport: hands one finished RFC 5322 message (CRLF line ends) to the mail system, either
// by SMTP through libcurl (smtp:// with opportunistic or required STARTTLS, or smtps://; AUTH when
// a user name is configured) or by piping it to `sendmail -t -oi -f FROM`. It never builds or
// edits messages: the bytes given are the bytes delivered (SMTP only dot-stuffs them on the wire).
//
// Failures are classified. Transient ones (connection refused or lost, time-outs, an SMTP 4xx
// reply, sendmail exiting EX_TEMPFAIL and kin, or killed) are retried up to `attempts` times in
// all, sleeping first_backoff, then twice that, ... through the Clock seam between tries; when the
// last try fails too, send() returns kUnavailable. Permanent ones (an SMTP 5xx reply such as a
// rejected recipient, failed login or TLS, any other sendmail exit status) return kInvalidInput
// at once, without retrying. Messages name the recipient, the server or sendmail path, libcurl's
// error and the server's last reply (credentials never appear); Error::reason holds the SMTP reply
// code when there was one. Nothing here throws.
//
// Thread-safety: send() keeps no state between calls (each opens its own connection or process),
// so concurrent calls are safe when the Clock is thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include "fetcher/clock.h"
#include "fetcher/result.h"

namespace arxiv {

struct MailTransportConfig {
  // "smtp://host[:port]" or "smtps://host[:port]"; empty: deliver through sendmail_path.
  std::string smtp_url;
  // SMTP AUTH credentials, resolved by the caller (config file or ARXIV_TRIAGE_SMTP_USER /
  // ARXIV_TRIAGE_SMTP_PASSWORD). Empty username: no AUTH.
  std::string username;
  std::string password;
  // smtp:// only. false: upgrade with STARTTLS when the server offers it, else send in clear.
  // true: a server without STARTTLS fails the send (permanently). smtps:// is always TLS.
  bool require_starttls = false;
  std::string sendmail_path = "/usr/sbin/sendmail";
  int attempts = 3;                               // per send(), first try included; >= 1
  std::chrono::milliseconds first_backoff{1000};  // doubled after each failed try (capped at 5 min)
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};  // one try, end to end
};

class MailTransport {
 public:
  // Checks `config`: an smtp:// or smtps:// URL with a host and no user:password part (credentials
  // go in username/password), or without a URL an absolute, executable sendmail_path; attempts >=
  // 1; a non-negative back-off; positive time-outs. kInvalidInput naming the problem otherwise.
  // `clock` must outlive the transport.
  static Result<MailTransport> make(MailTransportConfig config, Clock& clock);

  // Delivers `message` from envelope sender `from` to envelope recipient `to`. Success: the SMTP
  // server accepted it (250 after DATA), or sendmail exited 0. kInvalidInput before anything is
  // sent when an address is empty, lacks an '@' inside, or holds a control character (CR, LF),
  // whitespace, a comma or angle brackets (one plain address: no header or command injection),
  // or when the message is empty. Then the retries and errors described above.
  // With sendmail, the recipients are read from the message's To/Cc/Bcc headers (-t); `to` is
  // checked and named in errors but not passed to sendmail, whose handling of command-line
  // recipients beside -t differs between MTAs.
  Status send(const std::string& from, const std::string& to, const std::string& message) const;

 private:
  MailTransport(MailTransportConfig config, Clock& clock)
      : config_(std::move(config)), clock_(&clock) {}

  MailTransportConfig config_;
  Clock* clock_;
};

}  // namespace arxiv
