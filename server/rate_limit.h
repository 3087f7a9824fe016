// RateLimiter: a token bucket per client address. Each client may make `burst` requests at once,
// and its bucket refills at `rate_per_second` up to `burst` again. Memory is bounded: at
// `max_clients` clients, those whose buckets have refilled completely (idle long enough to hold
// no information) are forgotten, and if none has, the longest idle one.
// Thread-safe: take() locks a mutex. Time comes from the injected Clock, which must outlive the
// limiter; a clock stepping backwards refills nothing.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "fetcher/clock.h"
#include "server/server_config.h"

namespace arxiv {

class RateLimiter {
 public:
  // `rate_per_second` > 0 and `burst` >= 1 (ServerConfig checks both).
  RateLimiter(double rate_per_second, int burst, const Clock& clock, size_t max_clients = 10000);
  // The config's rate and burst, on the system clock.
  static std::unique_ptr<RateLimiter> for_config(const ServerConfig& config);

  // Spends one request of `client`'s budget: 0 when it may go on, else the whole seconds (at
  // least 1) until its next request would be allowed.
  int take(const std::string& client);
  // Clients remembered now (for tests).
  size_t clients() const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::TimePoint last;  // of the client's latest request
  };
  // The bucket's tokens at `now`, refilled since `last`.
  double level(const Bucket& bucket, Clock::TimePoint now) const;
  void make_room(Clock::TimePoint now);

  const double rate_;
  const double burst_;
  const Clock& clock_;
  const size_t max_clients_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// For the pre-routing handler: true when the request may go on. Loopback clients pass unless
// config.rate_limit_loopback; a client over its budget gets 429 "rate_limited" with Retry-After.
bool admit(const httplib::Request& req, httplib::Response& res, RateLimiter& limiter,
           const ServerConfig& config);

}  // namespace arxiv
