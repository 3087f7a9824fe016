// Clock: the seam for time. The fetcher asks it for "now" and sleeps through it, so tests can
// run a day of announcements or a back-off schedule in microseconds with a fake.
// SystemClock is thread-safe (stateless).
#pragma once

#include <chrono>

namespace arxiv {

class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  using Duration = std::chrono::milliseconds;

  virtual ~Clock() = default;
  // Wall-clock time (UTC).
  virtual TimePoint now() const = 0;
  // Blocks for `d` (a fake advances its time instead).
  virtual void sleep_for(Duration d) = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
  void sleep_for(Duration d) override;
};

}  // namespace arxiv
