// End to end: `arxiv-triage mail` over the real replay listings, delivering to a real SMTP server
// on 127.0.0.1 (Debian's python3-aiosmtpd), each message read back by Python's e-mail parser as a
// mail client would; the unsubscribe link of the message, requested from the running `serve`,
// removes the subscriber; reruns send nothing twice; an SMTP outage leaves nothing marked sent and
// the next run delivers; a day not yet fetched sends nothing and asks cron to retry.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "tests/e2e/run_cli.h"
#include "tests/e2e/serving.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

namespace fs = std::filesystem;

constexpr char kFrom[] = "arXiv digest <digest@triage.test>";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct MailData {
  TempDir dir;

  explicit MailData(const std::string& from = "2025-03-24", const std::string& to = "2025-03-28") {
    std::vector<std::string> args = {"--data", dir.path().string(), "import"};
    for (const auto& f : replay_files(from, to)) args.push_back(f);
    CliRun imported = run_cli(args);
    REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  }

  CliRun run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--data", dir.path().string()});
    return run_cli(args);
  }

  void subscribe(const std::string& email, const std::string& profiles, bool weekly = false) {
    std::vector<std::string> args = {"subscribers", "add", email, "--profiles", profiles};
    if (weekly) args.push_back("--weekly");
    CliRun added = run(args);
    REQUIRE_MESSAGE(added.exit_code == 0, added.err);
  }

  CliRun mail(const SmtpSink& sink, std::vector<std::string> extra,
              const std::string& public_url = "http://127.0.0.1:1") const {
    std::vector<std::string> args = {"mail", "--smtp-url",   sink.url(), "--from",
                                     kFrom,  "--public-url", public_url, "--retry-delay-ms",
                                     "10"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }

  // The ids of `profile`'s first `n` papers in the digest of `day`, as `digest` ranks them.
  std::vector<std::string> top_ids(const std::string& day, const std::string& profile,
                                   size_t n) const {
    CliRun digest = run({"digest", "--date", day, "--profile", profile, "--format", "json"});
    REQUIRE_MESSAGE(digest.exit_code == 0, digest.err);
    std::vector<std::string> ids;
    for (const auto& p : nlohmann::json::parse(digest.out)["profiles"][0]["papers"])
      if (ids.size() < n) ids.push_back(p["id"]);
    return ids;
  }
};

// What Python's e-mail parser makes of a message (tests/support/mail_reader.py).
nlohmann::json read_mail(const std::string& data) {
  TempDir dir;
  const fs::path file = dir.path() / "message.eml";
  std::ofstream(file, std::ios::binary) << data;
  const std::string command =
      std::string("/usr/bin/python3 ") + ARXIV_TRIAGE_MAIL_READER + " < " + file.string();
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  REQUIRE(pclose(pipe) == 0);
  return nlohmann::json::parse(out);
}

std::string header(const nlohmann::json& mail, const std::string& name) {
  for (const auto& h : mail["headers"])
    if (h[0] == name) return h[1];
  return "";
}

}  // namespace

TEST_CASE("the day's digest arrives once by SMTP, reads right, and its unsubscribe link works") {
  MailData data;
  data.subscribe("ada@example.org", "nas,compositionality");
  data.subscribe("bob@example.org", "theoretical-neuroscience", /*weekly=*/true);
  Serving server(data.dir.path(), {});
  const std::string public_url = "http://127.0.0.1:" + std::to_string(server.port());
  SmtpSink sink;

  CliRun first = data.mail(sink, {"--date", "2025-03-25"}, public_url);
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(has(first.out, "sent 2025-03-25 ada@example.org"));
  // Bob reads weekly: Tuesday is not the end of his week.
  REQUIRE(sink.messages().size() == 1);
  const ReceivedMail received = sink.messages()[0];
  CHECK(received.mail_from == "digest@triage.test");
  CHECK(received.rcpt_to == std::vector<std::string>{"ada@example.org"});

  const nlohmann::json mail = read_mail(received.data);
  CHECK(mail["defects"].empty());
  CHECK(mail["content_type"] == "multipart/alternative");
  std::vector<std::string> names;
  for (const auto& h : mail["headers"]) names.push_back(h[0]);
  for (const char* name : {"Date", "From", "To", "Subject", "Message-ID", "MIME-Version",
                           "List-Unsubscribe", "List-Unsubscribe-Post", "Content-Type"})
    CHECK_MESSAGE(std::count(names.begin(), names.end(), name) == 1, name);
  CHECK(header(mail, "From") == kFrom);
  CHECK(header(mail, "To") == "ada@example.org");
  CHECK(std::regex_match(
      header(mail, "Date"),
      std::regex(R"([A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000)")));
  CHECK(std::regex_match(header(mail, "Message-ID"), std::regex(R"(<[0-9a-f]{32}@triage\.test>)")));
  const std::string subject = header(mail, "Subject");
  CHECK(std::regex_match(
      subject, std::regex(R"(arXiv digest 2025-03-25: \d+ papers for nas, compositionality)")));
  std::smatch link;
  const std::string list_unsubscribe = header(mail, "List-Unsubscribe");
  REQUIRE(
      std::regex_match(list_unsubscribe, link,
                       std::regex("<(" + public_url + R"(/unsubscribe\?token=[0-9a-f]{64})>)")));
  const std::string unsubscribe_url = link[1];
  CHECK(header(mail, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");

  REQUIRE(mail["parts"].size() == 2);
  const auto& text_part = mail["parts"][0];
  const auto& html_part = mail["parts"][1];
  CHECK(text_part["content_type"] == "text/plain");
  CHECK(html_part["content_type"] == "text/html");
  for (const auto& part : mail["parts"]) {
    CHECK(part["charset"] == "utf-8");
    CHECK(part["transfer_encoding"] == "quoted-printable");
  }
  const std::string text = text_part["text"];
  const std::string html = html_part["text"];
  CHECK(has(text, "arXiv digest for Tuesday 2025-03-25"));
  CHECK(has(text, "Scanned 354 new and 45 cross-lists"));
  CHECK(has(text, unsubscribe_url));
  CHECK(has(html, unsubscribe_url));
  CHECK_FALSE(has(text, "<a "));
  CHECK_FALSE(has(html, "<script"));
  for (const char* profile : {"nas", "compositionality"})
    for (const auto& id : data.top_ids("2025-03-25", profile, 5)) {
      CHECK_MESSAGE(has(text, "https://arxiv.org/abs/" + id), id);
      CHECK_MESSAGE(has(html, "https://arxiv.org/abs/" + id), id);
    }
  // Every line a plain-text reader shows fits 76 columns, unless it is one long word (a link).
  for (std::string line : lines_of(text)) {
    if (line.ends_with('\r')) line.pop_back();
    const size_t columns = std::count_if(line.begin(), line.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
    const size_t first = line.find_first_not_of(' ');
    const bool one_word = first == std::string::npos || line.find(' ', first) == std::string::npos;
    CHECK_MESSAGE((columns <= 76 || one_word), line);
  }

  CliRun second = data.mail(sink, {"--date", "2025-03-25"}, public_url);
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(has(second.out, "0 sent"));
  CHECK(has(second.out, "1 already sent"));
  CHECK(sink.messages().size() == 1);

  // Opening the link (or a link scanner fetching it) only asks for confirmation.
  const std::string unsubscribe_path = unsubscribe_url.substr(public_url.size());
  auto page = server.get(unsubscribe_path);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(has(page->body, "ada@example.org"));
  CliRun still = data.run({"subscribers", "list", "--format", "json"});
  CHECK(nlohmann::json::parse(still.out)["subscribers"].size() == 2);
  // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's address.
  httplib::Client client("127.0.0.1", server.port());
  auto unsubscribed = client.Post(unsubscribe_path.c_str(), "List-Unsubscribe=One-Click",
                                  "application/x-www-form-urlencoded");
  REQUIRE(unsubscribed);
  CHECK(unsubscribed->status == 200);
  CliRun listed = data.run({"subscribers", "list", "--format", "json"});
  REQUIRE(listed.exit_code == 0);
  const auto subscribers = nlohmann::json::parse(listed.out)["subscribers"];
  REQUIRE(subscribers.size() == 1);
  CHECK(subscribers[0]["email"] == "bob@example.org");

  CliRun next_day = data.mail(sink, {"--date", "2025-03-26"}, public_url);
  REQUIRE_MESSAGE(next_day.exit_code == 0, next_day.err);
  CHECK(sink.messages().size() == 1);
}

TEST_CASE(
    "with the SMTP server down nothing is marked sent, the run fails, and the next delivers") {
  MailData data;
  data.subscribe("ada@example.org", "nas");
  data.subscribe("bob@example.org", "disentanglement,sparse-modular", /*weekly=*/true);
  SmtpSink sink;
  sink.stop();

  CliRun down = data.mail(sink, {"--date", "2025-03-28", "--attempts", "2"});
  CHECK(down.exit_code == 1);
  CHECK(has(down.out, "FAILED 2025-03-28 ada@example.org"));
  CHECK(has(down.out, "FAILED 2025-03-28 bob@example.org"));
  CHECK(has(down.err, "could not be sent; the next run tries again"));

  sink.start();
  CliRun up = data.mail(sink, {"--date", "2025-03-28"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.err);
  CHECK(has(up.out, "2 sent, 0 written, 0 failed, 0 already sent"));
  const auto messages = sink.messages();
  REQUIRE(messages.size() == 2);
  std::map<std::string, std::string> subjects;
  for (const auto& m : messages) subjects[m.rcpt_to.at(0)] = header(read_mail(m.data), "Subject");
  CHECK(subjects["ada@example.org"].starts_with("arXiv digest 2025-03-28: "));
  // Friday ends Bob's week: his one message covers the five days.
  CHECK(subjects["bob@example.org"].starts_with("arXiv digest 2025-03-24 to 2025-03-28: "));

  CliRun again = data.mail(sink, {"--date", "2025-03-28"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(has(again.out, "2 already sent"));
  CHECK(sink.messages().size() == 2);
}

TEST_CASE("a day whose listing is not in the index sends nothing and exits 75 for cron to retry") {
  MailData data("2025-03-24", "2025-03-25");
  data.subscribe("ada@example.org", "nas");
  SmtpSink sink;
  // The day due now is years after the replay: never fetched here.
  CliRun due = data.mail(sink, {});
  CHECK(due.exit_code == 75);
  CHECK(has(due.err, "is not complete in the index yet"));
  CHECK(has(due.err, "nothing was sent"));
  CliRun later = data.mail(sink, {"--date", "2025-03-26"});
  CHECK(later.exit_code == 75);
  CHECK(has(later.err, "the listing of 2025-03-26 is not complete"));
  CHECK(sink.messages().empty());
}

TEST_CASE("a dry run writes each message to a file and neither sends nor logs it") {
  MailData data("2025-03-24", "2025-03-25");
  data.subscribe("ada@example.org", "nas,sparse-modular");
  SmtpSink sink;
  TempDir out;
  CliRun dry = data.mail(sink, {"--date", "2025-03-25", "--dry-run", out.path().string()});
  REQUIRE_MESSAGE(dry.exit_code == 0, dry.err);
  const fs::path file = out.path() / "2025-03-25-ada@example.org.eml";
  REQUIRE(fs::exists(file));
  const nlohmann::json mail = read_mail(read_file(file));
  CHECK(mail["defects"].empty());
  CHECK(mail["parts"].size() == 2);
  CHECK(sink.messages().empty());
  CliRun real = data.mail(sink, {"--date", "2025-03-25"});
  REQUIRE_MESSAGE(real.exit_code == 0, real.err);
  CHECK(sink.messages().size() == 1);
}

TEST_CASE("bad mail options are refused with exit 2 before anything is sent") {
  MailData data("2025-03-25", "2025-03-25");
  data.subscribe("ada@example.org", "nas");
  SmtpSink sink;
  CliRun bad_day = data.mail(sink, {"--date", "2025-02-30"});
  CHECK(bad_day.exit_code == 2);
  CHECK(has(bad_day.err, "YYYY-MM-DD"));
  CliRun bad_url = data.run({"mail", "--smtp-url", "http://127.0.0.1:25", "--date", "2025-03-25"});
  CHECK(bad_url.exit_code == 2);
  CliRun no_sendmail =
      data.run({"mail", "--sendmail", "/nonexistent/sendmail", "--date", "2025-03-25"});
  CHECK(no_sendmail.exit_code == 2);
  CHECK(has(no_sendmail.err, "/nonexistent/sendmail"));
  CHECK(sink.messages().empty());
}

TEST_CASE("mail settings come from [mail] of the file ARXIV_TRIAGE_CONFIG names") {
  MailData data("2025-03-25", "2025-03-25");
  data.subscribe("ada@example.org", "nas");
  SmtpSink sink;
  TempDir etc;
  const fs::path config = etc.path() / "config.toml";
  std::ofstream(config) << "[mail]\nfrom = \"Triage <triage@lab.test>\"\n"
                        << "public-url = \"https://lab.test/triage/\"\n"
                        << "smtp-url = \"" << sink.url() << "\"\ntop = 1\n";
  CliRun sent = run_cli({"--data", data.dir.path().string(), "mail", "--date", "2025-03-25"},
                        {{"ARXIV_TRIAGE_CONFIG", config.string()}});
  REQUIRE_MESSAGE(sent.exit_code == 0, sent.err);
  REQUIRE(sink.messages().size() == 1);
  CHECK(sink.messages()[0].mail_from == "triage@lab.test");
  const nlohmann::json mail = read_mail(sink.messages()[0].data);
  CHECK(header(mail, "From") == "Triage <triage@lab.test>");
  CHECK(has(header(mail, "List-Unsubscribe"), "<https://lab.test/triage/unsubscribe?token="));
  CHECK(header(mail, "Subject") == "arXiv digest 2025-03-25: 1 paper for nas");

  CliRun missing = run_cli({"--data", data.dir.path().string(), "mail", "--date", "2025-03-25"},
                           {{"ARXIV_TRIAGE_CONFIG", (etc.path() / "absent.toml").string()}});
  CHECK(missing.exit_code == 2);
  CHECK(has(missing.err, "absent.toml"));
}

}  // namespace arxiv::testing
