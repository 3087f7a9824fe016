// What every benchmark of arxiv-triage-bench shares: the figures a measurement yields, running a
// measurement in a forked child (so its peak memory is its own), latency percentiles, sizes on
// disk, and the printing of a figure beside its anchor and its target. Not thread-safe: the bench
// is one thread (children are forked from it).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace arxiv::bench {

using Clock = std::chrono::steady_clock;

// A plain struct, so a child can send it through a pipe as bytes. Zero everywhere means the
// measurement failed (the child says why on stderr).
struct Figures {
  double seconds = 0;
  double count = 0;  // papers imported, or runs made
  double p50_ms = 0, p99_ms = 0;
  long peak_rss_kb = 0;
};

// Runs `work` in a child process and returns its Figures with the child's peak RSS filled in.
Figures in_child(const std::function<Figures()>& work);

// Seconds since `start`.
double since(Clock::time_point start);

// p50 and p99 (nearest rank) of `ms`, and their number in `count`; all zero when empty.
Figures latencies(std::vector<double> ms);

// Bytes of the regular files under `path` (a file or a directory); 0 when missing.
uint64_t disk_size(const std::filesystem::path& path);

double megabytes(uint64_t bytes);

// Environment variable `name` as a positive integer, or `fallback` when unset or malformed.
int env_int(const char* name, int fallback);

// "met" or "NOT met", for the target lines.
const char* verdict(bool met);

// One line of the summary at the end: the target, the figure, and whether it was met.
struct TargetLine {
  std::string target;
  std::string figure;
  bool met = false;
};

}  // namespace arxiv::bench
