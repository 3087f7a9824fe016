#include "server/rate_limit.h"

#include <algorithm>
#include <cmath>

#include "server/http_util.h"

namespace arxiv {

RateLimiter::RateLimiter(double rate_per_second, int burst, const Clock& clock, size_t max_clients)
    : rate_(rate_per_second),
      burst_(burst),
      clock_(clock),
      max_clients_(std::max<size_t>(max_clients, 1)) {}

std::unique_ptr<RateLimiter> RateLimiter::for_config(const ServerConfig& config) {
  static const SystemClock clock;  // stateless
  return std::make_unique<RateLimiter>(config.rate_per_second, config.rate_burst, clock);
}

double RateLimiter::level(const Bucket& bucket, Clock::TimePoint now) const {
  if (now <= bucket.last) return bucket.tokens;
  const double seconds = std::chrono::duration<double>(now - bucket.last).count();
  return std::min(burst_, bucket.tokens + seconds * rate_);
}

void RateLimiter::make_room(Clock::TimePoint now) {
  for (auto it = buckets_.begin(); it != buckets_.end();)
    it = level(it->second, now) >= burst_ ? buckets_.erase(it) : std::next(it);
  if (buckets_.size() < max_clients_) return;
  const auto idlest = std::min_element(buckets_.begin(), buckets_.end(), [](auto& a, auto& b) {
    return a.second.last < b.second.last;
  });
  buckets_.erase(idlest);
}

int RateLimiter::take(const std::string& client) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) make_room(now);
    it = buckets_.emplace(client, Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  bucket.tokens = level(bucket, now);
  bucket.last = std::max(bucket.last, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  // A day caps what a tiny configured rate would make absurd (and int overflow).
  return static_cast<int>(std::clamp(std::ceil((1 - bucket.tokens) / rate_), 1.0, 86400.0));
}

size_t RateLimiter::clients() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

bool admit(const httplib::Request& req, httplib::Response& res, RateLimiter& limiter,
           const ServerConfig& config) {
  if (is_loopback(req) && !config.rate_limit_loopback) return true;
  const int wait = limiter.take(req.remote_addr);
  if (wait == 0) return true;
  send_error(
      res, 429, "rate_limited",
      "too many requests from " + req.remote_addr + "; retry in " + std::to_string(wait) + " s");
  res.set_header("Retry-After", std::to_string(wait));
  res.set_header("Connection", "close");  // the body, if any, is never read
  return false;
}

}  // namespace arxiv
