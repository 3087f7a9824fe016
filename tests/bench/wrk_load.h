// HTTP load on a real `arxiv-triage serve`: the server as a child process, its peak memory, and
// `wrk` (Debian's package) driving it with a Lua script that rotates request paths. Not
// thread-safe; failures are said on stderr and give zero figures.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace arxiv::bench {

// `BIN --data DATA serve --listen 127.0.0.1:0` with its output in files under `scratch`. The
// constructor returns once it serves (or failed: ok() false); the destructor stops it (SIGTERM,
// then SIGKILL after 30 s).
class ServeProcess {
 public:
  ServeProcess(const std::filesystem::path& bin, const std::filesystem::path& data,
               const std::filesystem::path& scratch);
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  // The process's peak resident memory so far (VmHWM in /proc/PID/status), in kB; 0 if unknown.
  long peak_rss_kb() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// Each path GET once on 127.0.0.1:`port`; "" when all answer 200, else the first failure.
std::string check_paths(int port, const std::vector<std::string>& paths);

struct LoadFigures {
  bool ran = false;  // false: wrk could not be run or its output not read
  long requests = 0;
  double seconds = 0;
  double requests_per_s = 0;
  double p50_ms = 0, p99_ms = 0;
  long http_errors = 0;    // answers with status >= 400 (wrk's "Non-2xx or 3xx responses")
  long socket_errors = 0;  // connect, read, write errors and time-outs (10 s)
};

// `wrk -t2 -c CONNECTIONS -d SECONDS` on 127.0.0.1:`port`, its requests taking `paths` in turn;
// the Lua script is written under `scratch`.
LoadFigures run_wrk(int port, const std::vector<std::string>& paths, int seconds, int connections,
                    const std::filesystem::path& scratch);

}  // namespace arxiv::bench
