// SmtpSink: a real SMTP server on 127.0.0.1 for tests. It runs tests/support/smtp_sink.py (Debian's
// python3-aiosmtpd, installed by scripts/install-deps) as a child process on a port the kernel
// picks, keeps every accepted message with its envelope, and can refuse chosen recipients or
// require a login. The constructor returns once the server accepts connections; the destructor
// stops it. stop() and start() take it down and bring it back on the same port, for "the server was
// down" scenarios. A failure to start fails the current test. Not thread-safe: use it from the test
// thread (the server itself runs in its own process).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/support/test_data.h"

namespace arxiv::testing {

struct SmtpSinkOptions {
  std::vector<std::string> reject;    // RCPT TO these addresses gets 550 (permanent)
  std::vector<std::string> tempfail;  // RCPT TO these addresses gets 451 (transient)
  std::string login;                  // "user:password": AUTH required; empty: no AUTH
};

// One accepted message.
struct ReceivedMail {
  std::string mail_from;             // envelope sender, without angle brackets
  std::vector<std::string> rcpt_to;  // envelope recipients
  std::string data;                  // the DATA bytes as received (dot-unstuffed, CRLF kept)
};

class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkOptions options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  // Stops the server (connections are then refused). Idempotent.
  void stop();
  // Starts it again on the same port, keeping the messages received so far.
  void start();

  int port() const { return port_; }
  // "smtp://127.0.0.1:PORT"
  std::string url() const;
  // Every message accepted so far, in arrival order.
  std::vector<ReceivedMail> messages() const;

 private:
  SmtpSinkOptions options_;
  TempDir dir_;
  int port_ = 0;  // 0 until the first start: the child picks one
  pid_t pid_ = -1;
  int stdin_fd_ = -1;  // the child's stdin: it exits at end of file, should this process die
};

}  // namespace arxiv::testing
