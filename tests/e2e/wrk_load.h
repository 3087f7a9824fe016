// `wrk` as a child process putting read load on a server, with tests/e2e/read_load.lua counting
// the answers by class. Not thread-safe: use from the test thread.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/support/test_data.h"

namespace arxiv::testing {

// What wrk reported when it stopped.
struct WrkCounts {
  long ok = 0, redirects = 0, client_errors = 0, server_errors = 0;  // answers by status class
  long connect_errors = 0, read_errors = 0, write_errors = 0, timeouts = 0;
  std::string output;  // everything wrk printed
};

class WrkLoad {
 public:
  // Starts `wrk` (from PATH; scripts/install-deps installs it) on `connections` connections to
  // 127.0.0.1:`port`, GETting `paths` in turn until stop(), each request allowed a minute.
  WrkLoad(int port, const std::vector<std::string>& paths, int connections);
  // Kills wrk if stop() was not reached.
  ~WrkLoad();
  WrkLoad(const WrkLoad&) = delete;
  WrkLoad& operator=(const WrkLoad&) = delete;

  // Stops wrk (SIGINT, on which it reports), waits for it and reads its counts. Fails the test
  // when wrk did not run or printed no counts.
  WrkCounts stop();

 private:
  TempDir capture_;
  pid_t pid_ = -1;
};

}  // namespace arxiv::testing
