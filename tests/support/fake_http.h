// In-process fakes for the fetcher's seams: a clock that only moves when slept on, and an HTTP
// client that replays scripted responses and records every request with the fake time it was
// made. For unit tests of the clients; the end-to-end fault tests use FakeArxivServer over real
// HTTP on 127.0.0.1 instead. Not thread-safe.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "fetcher/clock.h"
#include "fetcher/http_client.h"

namespace arxiv::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint{} + std::chrono::hours(24 * 365 * 55))
      : now_(start) {}
  TimePoint now() const override { return now_; }
  void sleep_for(Duration d) override {
    slept_ += d;
    now_ += d;
  }
  void advance(Duration d) { now_ += d; }
  Duration slept() const { return slept_; }

 private:
  TimePoint now_;
  Duration slept_{0};
};

struct RecordedRequest {
  std::string url;
  Clock::TimePoint at;
};

class FakeHttpClient final : public HttpClient {
 public:
  explicit FakeHttpClient(const Clock& clock) : clock_(clock) {}

  // Answers the next request with `response` (or a network error when `error` is set).
  void push(HttpResponse response) { script_.push_back({std::move(response), {}}); }
  void push_error(std::string cause) { script_.push_back({{}, std::move(cause)}); }
  // When the script is empty, requests are answered by `fallback` (default: 404).
  void set_fallback(std::function<HttpResponse(const std::string& url)> f) {
    fallback_ = std::move(f);
  }

  Result<HttpResponse> get(const std::string& url) override {
    requests_.push_back({url, clock_.now()});
    if (script_.empty()) {
      if (fallback_) return fallback_(url);
      return HttpResponse{404, "not scripted", {}};
    }
    Step step = std::move(script_.front());
    script_.pop_front();
    if (!step.error.empty()) return Error::unavailable(step.error);
    return step.response;
  }

  const std::vector<RecordedRequest>& requests() const { return requests_; }

 private:
  struct Step {
    HttpResponse response;
    std::string error;
  };
  const Clock& clock_;
  std::deque<Step> script_;
  std::function<HttpResponse(const std::string&)> fallback_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace arxiv::testing
