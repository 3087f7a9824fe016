#include "cli/fetch_scheduler.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "index/daily_fetch.h"

extern char** environ;

namespace arxiv::cli {

namespace {

std::string iso_time(Clock::TimePoint t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string absolute_path(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::path full = std::filesystem::absolute(path, ec);
  return ec ? path.string() : full.string();
}

// Logs each complete line in `pending` (the child's output so far) and keeps the rest.
void log_lines(std::string& pending) {
  size_t start = 0;
  for (size_t end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
    spdlog::info("daily fetch: {}", pending.substr(start, end - start));
    start = end + 1;
  }
  pending.erase(0, start);
}

}  // namespace

void add_serve_fetch_options(CLI::App& serve, ServeFetchOptions& options) {
  CLI::Option* fetch = serve.add_flag(
      "--fetch", options.enabled,
      "Also run the daily fetch: at start, after each arXiv announcement, hourly while it is "
      "stale or failing (the options below are the fetch command's)");
  // Without a variable: a given value is passed on to the child as it was written, and one not
  // given leaves the fetch command's own default or its [fetch] configuration in force.
  auto forward = [&](const std::string& name, const std::string& type, const std::string& help) {
    CLI::Option* option = serve.add_option(name, help)->type_name(type)->needs(fetch);
    options.forwarded.push_back(option);
    return option;
  };
  forward("--rss-url", "URL", "Base URL of the listing feeds");
  forward("--oai-url", "URL", "Base URL of the OAI-PMH service");
  forward("--contact", "EMAIL", "Contact e-mail sent in the User-Agent");
  options.holidays =
      forward("--holiday", "DAY", "A listing day without announcement (YYYY-MM-DD), repeatable")
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  forward("--min-interval-ms", "INT", "Milliseconds between requests (never below 3000 for arXiv)")
      ->check(CLI::Range(0, 600000));
  forward("--attempts", "INT", "Tries per request before giving up")->check(CLI::Range(1, 20));
  options.config = serve.get_parent()->get_config_ptr();
}

Result<std::unique_ptr<FetchScheduler>> FetchScheduler::make(const Globals& globals,
                                                             const ServeFetchOptions& options) {
  auto calendar = AnnouncementCalendar::make(options.holidays->results());
  if (!calendar.ok()) return calendar.error();
  std::vector<std::string> argv = {"arxiv-triage", "--data", absolute_path(globals.data_dir)};
  if (options.config != nullptr && options.config->count() > 0 &&
      !options.config->results().front().empty())
    argv.insert(argv.end(), {"--config", absolute_path(options.config->results().front())});
  argv.push_back("fetch");
  for (const CLI::Option* option : options.forwarded) {
    for (const std::string& value : option->results())
      argv.insert(argv.end(), {option->get_name(), value});
  }
  return std::unique_ptr<FetchScheduler>(
      new FetchScheduler(std::move(argv), std::move(calendar).value()));
}

FetchScheduler::FetchScheduler(std::vector<std::string> argv, AnnouncementCalendar calendar)
    : argv_(std::move(argv)),
      calendar_(std::move(calendar)),
      schedule_{DailyFetchOptions{}.grace_minutes, std::chrono::minutes{60}} {}

FetchScheduler::~FetchScheduler() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void FetchScheduler::start() {
  thread_ = std::thread([this] { loop(); });
}

void FetchScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (child_ > 0) kill(child_, SIGTERM);
  }
  wake_.notify_all();
}

void FetchScheduler::loop() {
  for (;;) {
    const Clock::TimePoint started = std::chrono::system_clock::now();
    const int exit_code = run_child();
    const FetchRunOutcome outcome = exit_code == kExitOk      ? FetchRunOutcome::kDone
                                    : exit_code == kExitStale ? FetchRunOutcome::kStale
                                                              : FetchRunOutcome::kFailed;
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    const Clock::TimePoint next =
        next_fetch_time(calendar_, {started, std::chrono::system_clock::now(), outcome}, schedule_);
    switch (outcome) {
      case FetchRunOutcome::kDone:
        spdlog::info("daily fetch: done; next run at {}", iso_time(next));
        break;
      case FetchRunOutcome::kStale:
        spdlog::warn("daily fetch: arXiv has not published the due listing yet; retry at {}",
                     iso_time(next));
        break;
      case FetchRunOutcome::kFailed:
        spdlog::error("daily fetch: failed{}; retry at {}",
                      exit_code < 0 ? "" : " (exit " + std::to_string(exit_code) + ")",
                      iso_time(next));
        break;
    }
    if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
  }
}

int FetchScheduler::run_child() {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    spdlog::error("daily fetch: cannot create a pipe: {}", std::strerror(errno));
    return -1;
  }
  // The child runs in its own process group with default signal handling (serve blocks SIGTERM
  // and SIGINT in every thread, and a mask survives exec): a terminal's Ctrl-C reaches the
  // server only, and the server's SIGTERM reaches the child.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attr, &signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  posix_spawnattr_setsigdefault(&attr, &signals);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  std::vector<char*> argv;
  for (const std::string& a : argv_) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int spawn_error = 0;
  {
    // Under the lock, so that stop() either prevents the child or sees it.
    std::lock_guard lock(mutex_);
    spawn_error = stopping_
                      ? ECANCELED
                      : posix_spawn(&pid, "/proc/self/exe", &actions, &attr, argv.data(), environ);
    if (spawn_error == 0) child_ = pid;
  }
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawn_error != 0) {
    close(out[0]);
    if (spawn_error != ECANCELED)
      spdlog::error("daily fetch: cannot start /proc/self/exe: {}", std::strerror(spawn_error));
    return -1;
  }
  std::string pending;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    log_lines(pending);
  }
  close(out[0]);
  if (!pending.empty()) spdlog::info("daily fetch: {}", pending);
  // Wait without reaping first: until the pid is forgotten below, stop() may still signal it,
  // and a reaped pid could already belong to another process.
  siginfo_t info{};
  while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  {
    std::lock_guard lock(mutex_);
    child_ = 0;
  }
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  if (info.si_code == CLD_EXITED) return info.si_status;
  std::lock_guard lock(mutex_);
  if (stopping_) {
    spdlog::info("daily fetch: stopped with the server; the next fetch resumes it");
  } else {
    spdlog::error("daily fetch: killed by signal {}", info.si_status);
  }
  return -1;
}

}  // namespace arxiv::cli
