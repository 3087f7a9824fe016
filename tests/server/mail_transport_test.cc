#include "server/mail_transport.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "tests/support/fake_http.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_data.h"

namespace arxiv {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeClock;
using testing::SmtpSink;
using testing::SmtpSinkOptions;
using testing::TempDir;

namespace {

constexpr const char* kFrom = "digest@triage.example.org";
constexpr const char* kTo = "reader@uni.example.edu";

// A message with what SMTP transparency must survive: lines starting with a dot (one alone),
// UTF-8, a trailing space and a blank line.
std::string sample_message(const std::string& to = kTo) {
  return "From: arXiv triage <" + std::string(kFrom) + ">\r\nTo: " + to +
         "\r\nSubject: =?UTF-8?Q?Digest_for_2024-05-02?=\r\nMIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
         "1. Thermalization of \xce\xb1-particles \r\n.\r\n..hidden dots\r\n\r\n"
         ".\r\nend\r\n";
}

MailTransport transport_for(MailTransportConfig config, FakeClock& clock) {
  auto made = MailTransport::make(std::move(config), clock);
  REQUIRE_MESSAGE(made.ok(), (made.ok() ? "" : made.error().message));
  return std::move(made).value();
}

MailTransportConfig smtp_config(const SmtpSink& sink) {
  MailTransportConfig config;
  config.smtp_url = sink.url();
  config.connect_timeout = seconds(5);
  config.timeout = seconds(20);
  return config;
}

// A stand-in sendmail running `body` (a shell script), as `dir`/sendmail.
std::string fake_sendmail(const TempDir& dir, const std::string& body) {
  const std::string path = (dir.path() / "sendmail").string();
  std::ofstream(path) << "#!/bin/sh\n" << body;
  chmod(path.c_str(), 0755);
  return path;
}

// One that saves its arguments and stdin in `dir`, then exits with `status` (after reading stdin
// only when `reads`).
std::string fake_sendmail(const TempDir& dir, int status, bool reads = true) {
  std::string body = "printf '%s\\n' \"$@\" > '" + (dir.path() / "args").string() + "'\n";
  if (reads) body += "cat > '" + (dir.path() / "stdin").string() + "'\n";
  return fake_sendmail(
      dir, body + "echo 'fake sendmail says hello' >&2\nexit " + std::to_string(status) + "\n");
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("a message reaches the SMTP server byte for byte with its envelope") {
  SmtpSink sink;
  FakeClock clock;
  auto transport = transport_for(smtp_config(sink), clock);
  const std::string message = sample_message();
  REQUIRE(transport.send(kFrom, kTo, message).ok());

  auto mails = sink.messages();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].mail_from == kFrom);
  CHECK(mails[0].rcpt_to == std::vector<std::string>{kTo});
  CHECK(mails[0].data == message);
  CHECK(clock.slept() == milliseconds(0));
}

TEST_CASE("with the SMTP server down a send fails as unavailable after every attempt") {
  SmtpSink sink;
  sink.stop();
  FakeClock clock;
  auto config = smtp_config(sink);
  config.attempts = 4;
  config.first_backoff = seconds(2);
  auto transport = transport_for(config, clock);

  Status down = transport.send(kFrom, kTo, sample_message());
  REQUIRE_FALSE(down.ok());
  CHECK(down.error().code == ErrorCode::kUnavailable);
  CHECK(down.error().message.find("after 4 attempts") != std::string::npos);
  CHECK(down.error().message.find(sink.url()) != std::string::npos);
  CHECK(clock.slept() == seconds(2 + 4 + 8));  // back-off doubles, no sleep after the last try

  sink.start();
  REQUIRE(transport.send(kFrom, kTo, sample_message()).ok());
  REQUIRE(sink.messages().size() == 1);
  CHECK(sink.messages()[0].data == sample_message());
}

TEST_CASE("a recipient the server rejects with 5xx fails at once as invalid input") {
  SmtpSinkOptions options;
  options.reject = {"gone@uni.example.edu"};
  SmtpSink sink(options);
  FakeClock clock;
  auto transport = transport_for(smtp_config(sink), clock);

  Status rejected = transport.send(kFrom, "gone@uni.example.edu", sample_message());
  REQUIRE_FALSE(rejected.ok());
  CHECK(rejected.error().code == ErrorCode::kInvalidInput);
  CHECK(rejected.error().reason == "550");
  CHECK(rejected.error().message.find("recipient rejected") != std::string::npos);
  CHECK(clock.slept() == milliseconds(0));
  CHECK(sink.messages().empty());

  REQUIRE(transport.send(kFrom, kTo, sample_message()).ok());  // others still get theirs
  CHECK(sink.messages().size() == 1);
}

TEST_CASE("a 4xx reply is retried with back-off and ends unavailable") {
  SmtpSinkOptions options;
  options.tempfail = {"busy@uni.example.edu"};
  SmtpSink sink(options);
  FakeClock clock;
  auto transport = transport_for(smtp_config(sink), clock);

  Status busy = transport.send(kFrom, "busy@uni.example.edu", sample_message());
  REQUIRE_FALSE(busy.ok());
  CHECK(busy.error().code == ErrorCode::kUnavailable);
  CHECK(busy.error().reason == "451");
  CHECK(busy.error().message.find("after 3 attempts") != std::string::npos);
  CHECK(clock.slept() == seconds(1 + 2));
  CHECK(sink.messages().empty());
}

TEST_CASE("credentials are used for SMTP AUTH, and a wrong password is not retried") {
  SmtpSinkOptions options;
  options.login = "mailer:s3cret";
  SmtpSink sink(options);
  FakeClock clock;
  auto config = smtp_config(sink);

  auto anonymous = transport_for(config, clock).send(kFrom, kTo, sample_message());
  REQUIRE_FALSE(anonymous.ok());
  CHECK(anonymous.error().code == ErrorCode::kInvalidInput);
  CHECK(anonymous.error().reason == "530");  // authentication required

  config.username = "mailer";
  config.password = "wrong";
  auto denied = transport_for(config, clock).send(kFrom, kTo, sample_message());
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error().code == ErrorCode::kInvalidInput);
  CHECK(denied.error().reason == "535");
  CHECK(denied.error().message.find("wrong") == std::string::npos);
  CHECK(clock.slept() == milliseconds(0));

  config.password = "s3cret";
  REQUIRE(transport_for(config, clock).send(kFrom, kTo, sample_message()).ok());
  CHECK(sink.messages().size() == 1);
}

TEST_CASE("requiring STARTTLS refuses a server that does not offer it") {
  SmtpSink sink;
  FakeClock clock;
  auto config = smtp_config(sink);
  config.require_starttls = true;
  Status plain = transport_for(config, clock).send(kFrom, kTo, sample_message());
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.error().code == ErrorCode::kInvalidInput);
  CHECK(clock.slept() == milliseconds(0));
  CHECK(sink.messages().empty());
}

TEST_CASE("addresses that could inject headers or recipients are refused before sending") {
  SmtpSink sink;
  FakeClock clock;
  auto transport = transport_for(smtp_config(sink), clock);
  const std::vector<std::string> bad = {"",
                                        "reader",
                                        "@uni.example.edu",
                                        "reader@",
                                        "a@b.org, c@d.org",
                                        "a@b.org\r\nBcc: c@d.org",
                                        "a@b.org\nRCPT TO:<c@d.org>",
                                        "<a@b.org>",
                                        "a b@c.org",
                                        std::string("a@b.org\0x", 9)};
  for (const std::string& to : bad) {
    CAPTURE(to);
    Status refused = transport.send(kFrom, to, sample_message(to));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kInvalidInput);
  }
  CHECK_FALSE(transport.send("me@x.org\r\nX: y", kTo, sample_message()).ok());
  CHECK_FALSE(transport.send(kFrom, kTo, "").ok());
  CHECK(sink.messages().empty());
  CHECK(clock.slept() == milliseconds(0));
}

TEST_CASE("a transport is not made from a configuration that cannot work") {
  FakeClock clock;
  auto refused = [&](MailTransportConfig config) {
    auto made = MailTransport::make(std::move(config), clock);
    return !made.ok() && made.error().code == ErrorCode::kInvalidInput;
  };
  MailTransportConfig config;
  for (const char* url :
       {"http://mail.example.org", "smtp://", "not a url", "smtp://user:pw@mail.example.org:587"}) {
    CAPTURE(url);
    config.smtp_url = url;
    CHECK(refused(config));
  }
  config.smtp_url = "smtps://mail.example.org:465";
  CHECK_FALSE(refused(config));
  config.attempts = 0;
  CHECK(refused(config));
  config.attempts = 3;
  config.timeout = milliseconds(0);
  CHECK(refused(config));

  TempDir dir;
  MailTransportConfig sendmail;
  sendmail.sendmail_path = (dir.path() / "no-such-sendmail").string();
  CHECK(refused(sendmail));
  sendmail.sendmail_path = "sendmail";  // relative: which one would run depends on the cwd
  CHECK(refused(sendmail));
}

TEST_CASE("sendmail mode pipes the message to sendmail -t -oi with the envelope sender") {
  TempDir dir;
  FakeClock clock;
  MailTransportConfig config;
  config.sendmail_path = fake_sendmail(dir, 0);
  auto transport = transport_for(config, clock);
  const std::string message = sample_message();
  REQUIRE(transport.send(kFrom, kTo, message).ok());
  CHECK(slurp(dir.path() / "stdin") == message);
  CHECK(slurp(dir.path() / "args") == "-t\n-oi\n-f\n" + std::string(kFrom) + "\n");
}

TEST_CASE("sendmail's temporary failure is retried, and its other failures are final") {
  TempDir dir;
  FakeClock clock;
  MailTransportConfig config;
  config.sendmail_path = fake_sendmail(dir, 75);  // EX_TEMPFAIL
  Status temporary = transport_for(config, clock).send(kFrom, kTo, sample_message());
  REQUIRE_FALSE(temporary.ok());
  CHECK(temporary.error().code == ErrorCode::kUnavailable);
  CHECK(temporary.error().message.find("status 75") != std::string::npos);
  CHECK(temporary.error().message.find("fake sendmail says hello") != std::string::npos);
  CHECK(clock.slept() == seconds(1 + 2));

  config.sendmail_path = fake_sendmail(dir, 67);  // EX_NOUSER
  Status final = transport_for(config, clock).send(kFrom, kTo, sample_message());
  REQUIRE_FALSE(final.ok());
  CHECK(final.error().code == ErrorCode::kInvalidInput);
  CHECK(clock.slept() == seconds(1 + 2));
}

TEST_CASE("a sendmail that quits without reading a large message is a failure, not a crash") {
  TempDir dir;
  FakeClock clock;
  MailTransportConfig config;
  config.sendmail_path = fake_sendmail(dir, 75, /*reads=*/false);
  config.attempts = 2;
  std::string message = sample_message();
  while (message.size() < 4 * 1024 * 1024) message += std::string(998, 'x') + "\r\n";
  Status failed = transport_for(config, clock).send(kFrom, kTo, message);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().code == ErrorCode::kUnavailable);
  CHECK(failed.error().message.find("after 2 attempts") != std::string::npos);
}

TEST_CASE("a sendmail that hangs is killed at the time-out and counts as unavailable") {
  TempDir dir;
  FakeClock clock;
  MailTransportConfig config;
  config.sendmail_path = fake_sendmail(dir, "exec sleep 60\n");
  config.attempts = 1;
  config.timeout = milliseconds(300);
  Status hung = transport_for(config, clock).send(kFrom, kTo, sample_message());
  REQUIRE_FALSE(hung.ok());
  CHECK(hung.error().code == ErrorCode::kUnavailable);
  CHECK(hung.error().message.find("killed") != std::string::npos);
}

}  // namespace arxiv
