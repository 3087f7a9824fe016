#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace arxiv::cli {

namespace {

std::string clock_time(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace

ImportProgressLine::ImportProgressLine() : enabled_(isatty(STDERR_FILENO) == 1) {}

void ImportProgressLine::update(const ImportProgress& p) {
  const bool last = p.files_done == p.files_total;
  if (!enabled_ || (!last && p.seconds - last_draw_ < 0.25)) return;
  last_draw_ = p.seconds;
  const double rate = p.seconds > 0 ? p.papers / p.seconds : 0;
  // Time left from the share of bytes done: files differ in size far more than in density.
  std::string left = "?";
  if (p.bytes_done > 0 && p.seconds > 1)
    left = clock_time(p.seconds * static_cast<double>(p.bytes_total - p.bytes_done) / p.bytes_done);
  char line[160];
  int n = std::snprintf(
      line, sizeof line, "files %zu/%zu  papers %zu  %.0f papers/s  elapsed %s  left %s",
      p.files_done, p.files_total, p.papers, rate, clock_time(p.seconds).c_str(), left.c_str());
  size_t len = n > 0 ? static_cast<size_t>(n) : 0;
  std::fprintf(stderr, "\r%s%*s", line, static_cast<int>(width_ > len ? width_ - len : 0), "");
  width_ = len;
  std::fflush(stderr);
}

void ImportProgressLine::finish() {
  if (!enabled_ || width_ == 0) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
  std::fflush(stderr);
}

}  // namespace arxiv::cli
