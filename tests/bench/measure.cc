#include "tests/bench/measure.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace arxiv::bench {

namespace fs = std::filesystem;

Figures in_child(const std::function<Figures()>& work) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  std::fflush(stdout);  // the lines printed so far show while the child works
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Figures f = work();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    f.peak_rss_kb = usage.ru_maxrss;
    if (write(fds[1], &f, sizeof f) != sizeof f) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  Figures f;
  if (pid < 0 || read(fds[0], &f, sizeof f) != sizeof f) {
    std::fprintf(stderr, "bench: a measurement failed\n");
    f = {};
  }
  close(fds[0]);
  if (pid > 0) waitpid(pid, nullptr, 0);
  return f;
}

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Figures latencies(std::vector<double> ms) {
  Figures f;
  if (ms.empty()) return f;
  std::sort(ms.begin(), ms.end());
  auto rank = [&](size_t percent) {
    const size_t r = (ms.size() * percent + 99) / 100;  // nearest rank, 1-based
    return ms[std::clamp<size_t>(r, 1, ms.size()) - 1];
  };
  f.count = static_cast<double>(ms.size());
  f.p50_ms = rank(50);
  f.p99_ms = rank(99);
  return f;
}

uint64_t disk_size(const fs::path& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

double megabytes(uint64_t bytes) { return static_cast<double>(bytes) / 1048576.0; }

int env_int(const char* name, int fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr) return fallback;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return end != text && *end == '\0' && value > 0 && value < 1000000 ? static_cast<int>(value)
                                                                     : fallback;
}

const char* verdict(bool met) { return met ? "met" : "NOT met"; }

}  // namespace arxiv::bench
