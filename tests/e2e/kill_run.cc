#include "tests/e2e/kill_run.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

namespace arxiv::testing {

pid_t spawn_cli(const std::vector<std::string>& args) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    unsetenv("ARXIV_TRIAGE_DATA");
    std::string bin = ARXIV_TRIAGE_BIN;
    std::vector<std::string> copy = args;
    std::vector<char*> argv = {bin.data()};
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

KilledRun kill_and_reap(pid_t pid) {
  // Killing a process that has exited but is not reaped yet does nothing, so its status still
  // tells whether the kill ended it.
  kill(pid, SIGKILL);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  KilledRun run;
  run.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  return run;
}

KilledRun run_killed_after(const std::vector<std::string>& args, std::chrono::microseconds delay) {
  pid_t pid = spawn_cli(args);
  std::this_thread::sleep_for(delay);
  return kill_and_reap(pid);
}

std::mt19937_64 seeded_rng() {
  const char* given = std::getenv("ARXIV_TRIAGE_TEST_SEED");
  const uint64_t seed = given != nullptr
                            ? std::strtoull(given, nullptr, 10)
                            : (uint64_t{std::random_device{}()} << 32) | std::random_device{}();
  MESSAGE("kill points drawn with ARXIV_TRIAGE_TEST_SEED=", seed);
  return std::mt19937_64(seed);
}

std::chrono::microseconds kill_point(std::mt19937_64& rng, std::chrono::microseconds typical) {
  const bool early = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
  const auto bound = early ? typical / 10 : typical;
  return std::chrono::microseconds(std::uniform_int_distribution<int64_t>(0, bound.count())(rng));
}

}  // namespace arxiv::testing
