// The real `arxiv-triage serve` as a child process for end-to-end tests, and the waiting and
// process helpers such tests share. Not thread-safe: use from the test thread.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "tests/support/test_data.h"

namespace arxiv::testing {

// Generous bounds for a loaded machine: a wait that runs out is a hang, not slowness.
inline constexpr std::chrono::seconds kPatience{90};

// Polls `done` until it holds (true) or `limit` passes (false).
bool eventually(const std::function<bool()>& done, std::chrono::seconds limit = kPatience);

// The whole file; "" when it cannot be read.
std::string slurp(const std::filesystem::path& path);

// The processes whose parent is `parent`, from /proc.
std::set<pid_t> children_of(pid_t parent);

// `arxiv-triage --data DATA serve --listen 127.0.0.1:0 ARGS...`, its output in files. The
// constructor returns once it serves (failing the test if it exits first); the destructor kills
// it and its children unless it has exited.
class Serving {
 public:
  Serving(const std::filesystem::path& data, const std::vector<std::string>& serve_args);
  ~Serving();
  Serving(const Serving&) = delete;
  Serving& operator=(const Serving&) = delete;

  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  std::string err() const;

  httplib::Result get(const std::string& path) const;

  // True once the process has ended (and was reaped); exit_code() then tells how.
  bool exited();
  int exit_code() const { return exit_code_; }

  // SIGTERM, then the exit code (-1 when it did not exit in time).
  int terminate();

 private:
  std::filesystem::path out_path() const { return capture_.path() / "out"; }
  std::filesystem::path err_path() const { return capture_.path() / "err"; }

  TempDir capture_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
};

}  // namespace arxiv::testing
