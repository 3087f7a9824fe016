// FetchScheduler: the daily fetch inside `serve --fetch`, so that one process is a complete
// install.
//
// A thread runs `arxiv-triage fetch` as a child process (this executable, the same data directory
// and configuration file, plus the fetch options given to serve): once at start, which catches
// up when the index is behind, then on the announcement calendar (fetcher/fetch_schedule.h),
// retrying hourly while the listing is stale (exit 75) or the fetch fails (any other exit, or a
// crash). The child is the cron code path exactly, and a crash in it cannot take the server
// down. Fetches never overlap. Each run is logged with spdlog: the child's output lines, then the
// outcome and the next run. The fetch records its result in the status record (status.json).
//
// start() once; stop() from any thread (a signal watcher included): it ends the wait at once and
// terminates a running child with SIGTERM (the fetch is crash-safe: the next one resumes). The
// destructor stops and joins.
#pragma once

#include <sys/types.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "fetcher/announcement_calendar.h"
#include "fetcher/fetch_schedule.h"

namespace arxiv::cli {

// serve's fetch options, as CLI11 holds them after parsing.
struct ServeFetchOptions {
  bool enabled = false;                       // --fetch
  std::vector<const CLI::Option*> forwarded;  // the fetch command's options, passed on when given
  const CLI::Option* holidays = nullptr;      // also one of `forwarded`
  const CLI::Option* config = nullptr;        // the global --config, passed on
};

// Registers --fetch and the fetch command's --rss-url, --oai-url, --contact, --holiday,
// --min-interval-ms and --attempts on `serve`.
void add_serve_fetch_options(CLI::App& serve, ServeFetchOptions& options);

class FetchScheduler {
 public:
  // Checks the options (kInvalidInput for a malformed holiday) and builds the child's command
  // line. Nothing runs before start().
  static Result<std::unique_ptr<FetchScheduler>> make(const Globals& globals,
                                                      const ServeFetchOptions& options);
  ~FetchScheduler();
  FetchScheduler(const FetchScheduler&) = delete;
  FetchScheduler& operator=(const FetchScheduler&) = delete;

  void start();
  void stop();

 private:
  FetchScheduler(std::vector<std::string> argv, AnnouncementCalendar calendar);
  void loop();
  // Runs the child to its end, logging its output; its exit code, or -1 when it could not be
  // started or did not exit normally.
  int run_child();

  const std::vector<std::string> argv_;
  const AnnouncementCalendar calendar_;
  const FetchScheduleOptions schedule_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  pid_t child_ = 0;        // guarded by mutex_; 0 when no child is running
  std::thread thread_;
};

}  // namespace arxiv::cli
