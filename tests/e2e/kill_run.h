// Running the real binary and SIGKILLing it at a chosen moment, for crash-consistency tests, and
// the seeded randomness that picks those moments so a failing run can be replayed. Not
// thread-safe: use from the test thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace arxiv::testing {

// How a run that was to be killed ended.
struct KilledRun {
  bool killed = false;  // false: it exited on its own before the kill
  int exit_code = -1;   // when not killed
};

// Starts the binary with `args` (stdin, stdout and stderr on /dev/null) without waiting.
pid_t spawn_cli(const std::vector<std::string>& args);

// Runs the binary with `args`, sends SIGKILL after `delay` (a run that ended first is left alone),
// and reaps it.
KilledRun run_killed_after(const std::vector<std::string>& args, std::chrono::microseconds delay);

// Reaps `pid` after SIGKILL unless it has already exited; says how it ended.
KilledRun kill_and_reap(pid_t pid);

// A generator seeded from ARXIV_TRIAGE_TEST_SEED when set, else at random. The seed is printed
// (doctest MESSAGE) so that setting it replays the same kill points.
std::mt19937_64 seeded_rng();

// A kill moment for a run that takes about `typical` when left alone: a quarter of the draws fall
// in its first tenth (start-up, opening and creating files), the rest anywhere up to `typical`
// (runs vary, so some still finish before the kill).
std::chrono::microseconds kill_point(std::mt19937_64& rng, std::chrono::microseconds typical);

}  // namespace arxiv::testing
