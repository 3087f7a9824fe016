// Metrics: request counters and latency totals of the HTTP service, by route and status, for
// GET /metrics (Prometheus text format). Thread-safe: every method takes a mutex.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace arxiv {

class Metrics {
 public:
  struct Series {
    long long requests = 0;
    double seconds = 0;  // total time spent answering
  };
  // Key: (route, HTTP status).
  using Snapshot = std::map<std::pair<std::string, int>, Series>;

  // Counts one answered request. `path` is turned into its route (ids and names replaced by
  // placeholders, see route_of) so the number of series stays small.
  void record(const std::string& method, const std::string& path, int status,
              std::chrono::duration<double> elapsed);
  Snapshot snapshot() const;
  std::chrono::system_clock::time_point started() const { return started_; }

  // "/api/v1/papers/2503.17994" -> "/api/v1/papers/{id}"; unknown paths -> "other".
  static std::string route_of(const std::string& method, const std::string& path);

 private:
  mutable std::mutex mutex_;
  Snapshot series_;
  std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
};

}  // namespace arxiv
