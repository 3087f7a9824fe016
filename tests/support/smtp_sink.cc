#include "tests/support/smtp_sink.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

extern char** environ;

namespace arxiv::testing {
namespace {

// Debian's python3-aiosmtpd is importable only by the system interpreter; a python3 found earlier
// on PATH (pyenv, a virtualenv) would not see it.
constexpr const char* kPython = "/usr/bin/python3";
constexpr int kStartTimeoutMs = 20000;

// Reads the child's first stdout line (its port) or fails the test.
int read_port(int fd) {
  std::string line;
  char c = 0;
  while (line.find('\n') == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, kStartTimeoutMs);
    if (ready < 0 && errno == EINTR) continue;
    REQUIRE_MESSAGE(ready == 1, "smtp_sink.py did not start within 20 s");
    ssize_t n = read(fd, &c, 1);
    REQUIRE_MESSAGE(n == 1,
                    "smtp_sink.py exited before listening: is python3-aiosmtpd installed "
                    "(scripts/install-deps)? Its error is above.");
    line += c;
  }
  return std::stoi(line);
}

}  // namespace

SmtpSink::SmtpSink(SmtpSinkOptions options) : options_(std::move(options)) { start(); }

SmtpSink::~SmtpSink() { stop(); }

void SmtpSink::start() {
  if (pid_ > 0) return;
  std::vector<std::string> args = {kPython,  ARXIV_TRIAGE_SMTP_SINK, "--dir", dir_.path().string(),
                                   "--port", std::to_string(port_)};
  for (const auto& a : options_.reject) args.insert(args.end(), {"--reject", a});
  for (const auto& a : options_.tempfail) args.insert(args.end(), {"--tempfail", a});
  if (!options_.login.empty()) args.insert(args.end(), {"--login", options_.login});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int in[2];
  int out[2];
  REQUIRE(pipe2(in, O_CLOEXEC) == 0);
  REQUIRE(pipe2(out, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  int rc = posix_spawn(&pid_, kPython, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  stdin_fd_ = in[1];
  if (rc != 0) {
    pid_ = -1;
    close(out[0]);
    FAIL("cannot run " << kPython << ": " << std::strerror(rc));
  }
  int port = 0;
  try {
    port = read_port(out[0]);
  } catch (...) {
    close(out[0]);
    stop();
    throw;
  }
  close(out[0]);
  if (port_ != 0) REQUIRE(port == port_);
  port_ = port;
}

void SmtpSink::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

std::string SmtpSink::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

std::vector<ReceivedMail> SmtpSink::messages() const {
  std::vector<ReceivedMail> mails;
  for (const auto& env : files_under(dir_.path(), ".env")) {
    ReceivedMail mail;
    std::ifstream in(env);
    std::getline(in, mail.mail_from);
    for (std::string rcpt; std::getline(in, rcpt);) mail.rcpt_to.push_back(rcpt);
    // Raw bytes: read_file() would unzip a message that happened to start like gzip.
    auto eml = env;
    std::ifstream body(eml.replace_extension(".eml"), std::ios::binary);
    REQUIRE_MESSAGE(body.good(), eml.string());
    mail.data.assign(std::istreambuf_iterator<char>(body), {});
    mails.push_back(std::move(mail));
  }
  return mails;
}

}  // namespace arxiv::testing
