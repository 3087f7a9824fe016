#include "server/mail_transport.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

extern char** environ;

namespace arxiv {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kMaxBackoff{5 * 60 * 1000};
constexpr size_t kMaxOutput = 2000;  // of sendmail's stdout and stderr, kept for the error

// Closes a file descriptor on every return path.
struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

Status check_address(const char* role, const std::string& address) {
  auto bad = [](unsigned char c) {
    return c < 0x20 || c == 0x7f || c == ' ' || c == ',' || c == '<' || c == '>';
  };
  size_t at = address.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
      std::any_of(address.begin(), address.end(), bad))
    return Error::invalid_input(std::string("not a plain e-mail address as ") + role + ": \"" +
                                address + "\"");
  return {};
}

Status check_smtp_url(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), curl_url_cleanup);
  if (!parsed) return Error::internal("libcurl could not allocate a URL");
  auto part = [&](CURLUPart which) {
    char* text = nullptr;
    if (curl_url_get(parsed.get(), which, &text, 0) != CURLUE_OK) return std::string();
    std::string value(text);
    curl_free(text);
    return value;
  };
  if (curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return Error::invalid_input("not a URL: \"" + url + "\"");
  const std::string scheme = part(CURLUPART_SCHEME);
  if (scheme != "smtp" && scheme != "smtps")
    return Error::invalid_input("SMTP URL must start smtp:// or smtps://: \"" + url + "\"");
  if (part(CURLUPART_HOST).empty()) return Error::invalid_input("SMTP URL without a host");
  // The URL ends up in logs and error messages; a password in it would too.
  if (!part(CURLUPART_USER).empty() || !part(CURLUPART_PASSWORD).empty())
    return Error::invalid_input("SMTP URL holds credentials; give them as user and password");
  return {};
}

// A 5xx reply is the server's final word; a 4xx one asks us to come back. Without a reply the
// libcurl code decides: configuration, login and TLS trust problems do not heal by retrying.
bool permanent(CURLcode rc, long reply) {
  if (reply >= 500 && reply < 600) return true;
  if (reply >= 400 && reply < 500) return false;
  switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return true;
    default:
      return false;
  }
}

struct Upload {
  const std::string& data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// libcurl hands SMTP server replies to the header callback. The last 4xx/5xx one explains a
// failure (later replies, such as the 221 to QUIT, do not).
size_t keep_reply(char* buffer, size_t size, size_t count, void* user) {
  const size_t n = size * count;
  if (n > 0 && (buffer[0] == '4' || buffer[0] == '5')) {
    auto* reply = static_cast<std::string*>(user);
    reply->assign(buffer, n);
    while (!reply->empty() && (reply->back() == '\r' || reply->back() == '\n')) reply->pop_back();
  }
  return n;
}

Status smtp_try(const MailTransportConfig& config, const std::string& from, const std::string& to,
                const std::string& message) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Error::internal("libcurl could not start a transfer");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(
      curl_slist_append(nullptr, ("<" + to + ">").c_str()), curl_slist_free_all);
  if (!rcpt) return Error::internal("libcurl could not allocate the recipient list");
  CURL* h = curl.get();
  Upload upload{message};
  std::string reply;
  char detail[CURL_ERROR_SIZE] = "";
  const std::string mail_from = "<" + from + ">";
  curl_easy_setopt(h, CURLOPT_URL, config.smtp_url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config.timeout.count()));
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   static_cast<long>(config.require_starttls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  if (!config.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, keep_reply);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &reply);

  const CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) return {};
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  std::string what = detail[0] != '\0' ? detail : curl_easy_strerror(rc);
  if (code >= 400) what += "; server replied \"" + reply + "\"";
  Error error = permanent(rc, code) ? Error::invalid_input(what) : Error::unavailable(what);
  if (code >= 400) error.reason = std::to_string(code);
  return error;
}

// sysexits(3) codes a sendmail returns for conditions that may pass; anything else is final.
bool transient_exit(int code) {
  return code == EX_TEMPFAIL || code == EX_UNAVAILABLE || code == EX_OSERR || code == EX_IOERR;
}

Status sendmail_try(const MailTransportConfig& config, const std::string& from,
                    const std::string& message) {
  // stdin is a socket so that writing after sendmail quit fails with EPIPE (MSG_NOSIGNAL) instead
  // of killing this process with SIGPIPE.
  int in[2];
  int out[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0)
    return Error::unavailable(std::string("socketpair: ") + std::strerror(errno));
  Fd in_ours{in[0]}, in_theirs{in[1]};
  if (pipe2(out, O_CLOEXEC) != 0)
    return Error::unavailable(std::string("pipe: ") + std::strerror(errno));
  Fd out_ours{out[0]}, out_theirs{out[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[1], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
  std::string path = config.sendmail_path, t = "-t", oi = "-oi", f = "-f", sender = from;
  char* argv[] = {path.data(), t.data(), oi.data(), f.data(), sender.data(), nullptr};
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    std::string what = std::string("cannot run it: ") + std::strerror(spawned);
    return spawned == EAGAIN || spawned == ENOMEM ? Error::unavailable(what)
                                                  : Error::invalid_input(what);
  }
  in_theirs.reset();
  out_theirs.reset();

  // Feed stdin and drain stdout together: a sendmail that talks before reading all its input
  // must not deadlock against us.
  const auto deadline = std::chrono::steady_clock::now() + config.timeout;
  auto left_ms = [&] {
    auto left =
        std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<milliseconds::rep>(0, left.count()));
  };
  std::string output;
  size_t sent = 0;
  bool timed_out = false;
  while (out_ours.fd >= 0 && !timed_out) {
    pollfd fds[2] = {{out_ours.fd, POLLIN, 0}, {in_ours.fd, POLLOUT, 0}};
    const int ready = poll(fds, in_ours.fd >= 0 ? 2 : 1, left_ms());
    if (ready < 0 && errno == EINTR) continue;
    timed_out = ready <= 0;
    if (in_ours.fd >= 0 && fds[1].revents != 0) {
      ssize_t n = ::send(in_ours.fd, message.data() + sent, message.size() - sent,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) sent += static_cast<size_t>(n);
      if (sent == message.size() || (n < 0 && errno != EAGAIN && errno != EINTR)) in_ours.reset();
    }
    if (fds[0].revents != 0) {
      char buffer[4096];
      ssize_t n = read(out_ours.fd, buffer, sizeof buffer);
      if (n > 0)
        output.append(buffer, std::min(static_cast<size_t>(n),
                                       kMaxOutput - std::min(kMaxOutput, output.size())));
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) out_ours.reset();
    }
  }
  int status = 0;
  for (pid_t done = 0; !timed_out && done != pid;) {
    done = waitpid(pid, &status, WNOHANG);
    // ECHILD when the process ignores SIGCHLD: the exit status, and so the outcome, is lost.
    if (done < 0 && errno != EINTR)
      return Error::internal(std::string("cannot learn its exit status: ") + std::strerror(errno));
    if (done == 0 && !(timed_out = left_ms() == 0)) poll(nullptr, 0, 10);  // it is exiting
  }
  if (timed_out) {
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return Error::unavailable("no answer within " + std::to_string(config.timeout.count()) +
                              " ms; killed it");
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  const std::string said = output.empty() ? "" : ": \"" + output + "\"";
  if (WIFSIGNALED(status))
    return Error::unavailable("killed by signal " + std::to_string(WTERMSIG(status)) + said);
  const int code = WEXITSTATUS(status);
  if (code == 0 && sent == message.size()) return {};
  if (code == 0) return Error::unavailable("exited 0 before reading the whole message" + said);
  const std::string what = "exited with status " + std::to_string(code) + said;
  return transient_exit(code) ? Error::unavailable(what) : Error::invalid_input(what);
}

}  // namespace

Result<MailTransport> MailTransport::make(MailTransportConfig config, Clock& clock) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (config.attempts < 1) return Error::invalid_input("mail attempts must be at least 1");
  if (config.first_backoff.count() < 0) return Error::invalid_input("negative mail back-off");
  // libcurl reads a zero time-out as "wait forever".
  if (config.connect_timeout.count() <= 0 || config.timeout.count() <= 0)
    return Error::invalid_input("mail time-outs must be positive");
  if (!config.smtp_url.empty()) {
    if (Status s = check_smtp_url(config.smtp_url); !s) return s.error();
  } else if (config.sendmail_path.empty() || config.sendmail_path.front() != '/' ||
             access(config.sendmail_path.c_str(), X_OK) != 0) {
    return Error::invalid_input("no executable sendmail at \"" + config.sendmail_path +
                                "\"; configure an SMTP URL or install an MTA");
  }
  return MailTransport(std::move(config), clock);
}

Status MailTransport::send(const std::string& from, const std::string& to,
                           const std::string& message) const {
  if (Status s = check_address("sender", from); !s) return s;
  if (Status s = check_address("recipient", to); !s) return s;
  if (message.empty()) return Error::invalid_input("empty message to " + to);

  const bool smtp = !config_.smtp_url.empty();
  const std::string route =
      "mail to " + to + " via " + (smtp ? config_.smtp_url : config_.sendmail_path);
  milliseconds wait = config_.first_backoff;
  for (int attempt = 1;; ++attempt) {
    Status result =
        smtp ? smtp_try(config_, from, to, message) : sendmail_try(config_, from, message);
    if (result.ok()) return result;
    Error error = result.error();
    if (error.code != ErrorCode::kUnavailable) {
      error.message = route + ": " + error.message;
      return error;
    }
    if (attempt == config_.attempts) {
      error.message = route + " failed after " + std::to_string(attempt) +
                      (attempt == 1 ? " attempt: " : " attempts: ") + error.message;
      return error;
    }
    clock_->sleep_for(wait);
    wait = std::min(wait * 2, kMaxBackoff);
  }
}

}  // namespace arxiv
