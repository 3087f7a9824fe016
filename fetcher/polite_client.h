// PoliteClient: the one way the process talks to arXiv, enforcing arXiv's rules for clients
// (shared/reference/peers-and-arxiv-rules.md §4): at most one request in flight, at least
// `min_interval` between the starts of consecutive requests (never below 3 s for arXiv hosts,
// whatever the options say), exponential back-off with jitter on network errors, 429 and 5xx,
// `Retry-After` (seconds or HTTP date) always honoured, and a bounded number of attempts.
//
// Thread-safe: one object is shared by the RSS, OAI-PMH and API clients of a process; concurrent
// callers queue behind each other.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "fetcher/clock.h"
#include "fetcher/http_client.h"
#include "fetcher/result.h"

namespace arxiv {

struct PolitenessOptions {
  std::chrono::milliseconds min_interval{3000};  // raised to kArxivFloor for *.arxiv.org
  int max_attempts = 5;                          // per get(), first try included
  std::chrono::milliseconds base_backoff{5000};  // doubled per retry, +-25% jitter
  std::chrono::milliseconds max_backoff{300000};
  // A Retry-After longer than this ends the attempts at once (kUnavailable naming the wait).
  std::chrono::milliseconds max_retry_after{900000};
  uint64_t jitter_seed = 0;  // 0: seeded from the clock
};

// arXiv's floor between requests; options cannot lower it for arXiv hosts.
inline constexpr std::chrono::milliseconds kArxivFloor{3000};

class PoliteClient {
 public:
  // `http` and `clock` must outlive the client.
  PoliteClient(HttpClient& http, Clock& clock, PolitenessOptions options);

  // GETs `url`, retrying network errors, 429 and 5xx as described above. Returns the first
  // response that is neither (200, 404, 400, ... are returned as they are, for the caller to
  // judge). After the last attempt fails: kUnavailable with the URL, the attempts made and the
  // last status or network error.
  Result<HttpResponse> get(const std::string& url);

  // True for hosts under arxiv.org (the floor applies to them).
  static bool is_arxiv_host(const std::string& url);

 private:
  std::chrono::milliseconds interval_for(const std::string& url) const;
  std::chrono::milliseconds backoff(int retry);

  HttpClient& http_;
  Clock& clock_;
  PolitenessOptions options_;
  std::mutex mutex_;
  std::optional<Clock::TimePoint> last_start_;
  std::mt19937_64 rng_;
};

}  // namespace arxiv
