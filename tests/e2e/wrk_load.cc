#include "tests/e2e/wrk_load.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "tests/e2e/serving.h"

namespace arxiv::testing {

WrkLoad::WrkLoad(int port, const std::vector<std::string>& paths, int connections) {
  std::vector<std::string> args = {"wrk",
                                   "--threads",
                                   "1",
                                   "--connections",
                                   std::to_string(connections),
                                   "--duration",
                                   "3600s",
                                   "--timeout",
                                   "60s",
                                   "--script",
                                   ARXIV_TRIAGE_WRK_SCRIPT,
                                   "http://127.0.0.1:" + std::to_string(port),
                                   "--"};
  args.insert(args.end(), paths.begin(), paths.end());
  const std::string out = (capture_.path() / "out").string();
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(open("/dev/null", O_RDONLY), 0);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    std::perror("wrk (scripts/install-deps installs it)");
    _exit(127);
  }
}

WrkLoad::~WrkLoad() {
  if (pid_ < 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

WrkCounts WrkLoad::stop() {
  REQUIRE(pid_ > 0);
  kill(pid_, SIGINT);
  int status = 0;
  const bool ended = eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; });
  if (!ended) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  REQUIRE_MESSAGE(ended, "wrk did not stop on SIGINT");
  WrkCounts c;
  c.output = slurp(capture_.path() / "out");
  const size_t at = c.output.find("answers ");
  REQUIRE_MESSAGE(at != std::string::npos, "wrk printed no counts:\n", c.output);
  REQUIRE_MESSAGE(std::sscanf(c.output.c_str() + at,
                              "answers 2xx=%ld 3xx=%ld 4xx=%ld 5xx=%ld errors connect=%ld read=%ld "
                              "write=%ld timeout=%ld",
                              &c.ok, &c.redirects, &c.client_errors, &c.server_errors,
                              &c.connect_errors, &c.read_errors, &c.write_errors, &c.timeouts) == 8,
                  c.output);
  return c;
}

}  // namespace arxiv::testing
