#include "fetcher/polite_client.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string_view>

namespace arxiv {

namespace {

using std::chrono::milliseconds;

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// IMF-fixdate, the one HTTP-date form servers must send: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<Clock::TimePoint> parse_imf_fixdate(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto day_s = s.substr(5, 2), year_s = s.substr(12, 4), hh = s.substr(17, 2), mm = s.substr(20, 2),
       ss = s.substr(23, 2);
  if (!all_digits(day_s) || !all_digits(year_s) || !all_digits(hh) || !all_digits(mm) ||
      !all_digits(ss)) {
    return std::nullopt;
  }
  auto month_it = std::find(kMonths.begin(), kMonths.end(), s.substr(8, 3));
  if (month_it == kMonths.end()) return std::nullopt;
  std::chrono::year_month_day ymd{
      std::chrono::year{to_int(year_s)},
      std::chrono::month{static_cast<unsigned>(month_it - kMonths.begin() + 1)},
      std::chrono::day{static_cast<unsigned>(to_int(day_s))}};
  if (!ymd.ok() || to_int(hh) > 23 || to_int(mm) > 59 || to_int(ss) > 60) return std::nullopt;
  return std::chrono::sys_days{ymd} + std::chrono::hours{to_int(hh)} +
         std::chrono::minutes{to_int(mm)} + std::chrono::seconds{to_int(ss)};
}

// The wait a Retry-After value asks for, or nullopt when it is absent or unreadable (then the
// ordinary back-off applies).
std::optional<milliseconds> parse_retry_after(const std::string& value, Clock::TimePoint now) {
  auto first = value.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  std::string_view v(value);
  v = v.substr(first, value.find_last_not_of(" \t") - first + 1);
  if (all_digits(v)) {
    // Anything beyond a day is "too long" whatever the limit, so big numbers cannot overflow.
    if (v.size() > 6) return std::chrono::hours{24 * 365};
    return std::chrono::seconds{to_int(v)};
  }
  auto when = parse_imf_fixdate(v);
  if (!when) return std::nullopt;
  if (*when <= now) return milliseconds{0};
  return std::chrono::ceil<milliseconds>(*when - now);
}

bool retryable_status(int status) { return status == 429 || (status >= 500 && status <= 599); }

std::string seconds_text(milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

}  // namespace

PoliteClient::PoliteClient(HttpClient& http, Clock& clock, PolitenessOptions options)
    : http_(http),
      clock_(clock),
      options_(options),
      rng_(options.jitter_seed != 0
               ? options.jitter_seed
               : static_cast<uint64_t>(clock.now().time_since_epoch().count())) {}

bool PoliteClient::is_arxiv_host(const std::string& url) {
  auto sep = url.find("://");
  auto start = sep == std::string::npos ? 0 : sep + 3;
  auto end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (auto colon = host.find(':'); colon != std::string::npos) host.erase(colon);
  while (!host.empty() && host.back() == '.') host.pop_back();
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::string_view kDomain = "arxiv.org";
  if (host == kDomain) return true;
  return host.size() > kDomain.size() && host.ends_with(kDomain) &&
         host[host.size() - kDomain.size() - 1] == '.';
}

milliseconds PoliteClient::interval_for(const std::string& url) const {
  auto interval = std::max(options_.min_interval, milliseconds{0});
  return is_arxiv_host(url) ? std::max(interval, kArxivFloor) : interval;
}

milliseconds PoliteClient::backoff(int retry) {
  auto cap = std::max(options_.max_backoff, milliseconds{0});
  auto raw = std::min(std::max(options_.base_backoff, milliseconds{0}), cap);
  for (int i = 1; i < retry && raw < cap; ++i) raw = std::min(raw * 2, cap);
  std::uniform_real_distribution<double> jitter(0.75, 1.25);
  auto jittered =
      milliseconds{static_cast<int64_t>(static_cast<double>(raw.count()) * jitter(rng_))};
  return std::min(jittered, cap);
}

Result<HttpResponse> PoliteClient::get(const std::string& url) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto interval = interval_for(url);
  const int max_attempts = std::max(options_.max_attempts, 1);
  std::optional<Clock::TimePoint> retry_not_before;
  std::string last;
  for (int attempt = 1; attempt <= max_attempts; ++attempt) {
    auto start = clock_.now();
    if (last_start_) start = std::max(start, *last_start_ + interval);
    if (retry_not_before) start = std::max(start, *retry_not_before);
    if (auto now = clock_.now(); start > now) {
      clock_.sleep_for(std::chrono::ceil<milliseconds>(start - now));
    }
    last_start_ = clock_.now();

    auto result = http_.get(url);
    if (!result) {
      // Only network failures are worth another try; a malformed URL stays malformed.
      if (result.error().code != ErrorCode::kUnavailable) return result;
      last = result.error().message;
      retry_not_before = clock_.now() + backoff(attempt);
      continue;
    }
    const int status = result->status;
    if (!retryable_status(status)) return result;
    last = "HTTP " + std::to_string(status);
    auto wait = parse_retry_after(result->header("retry-after"), clock_.now());
    if (wait && *wait > options_.max_retry_after) {
      return Error::unavailable("GET " + url + ": " + last + " with Retry-After " +
                                seconds_text(*wait) + ", longer than the allowed " +
                                seconds_text(options_.max_retry_after) + "; giving up after " +
                                std::to_string(attempt) + " attempt(s)");
    }
    retry_not_before = clock_.now() + (wait ? *wait : backoff(attempt));
  }
  return Error::unavailable("GET " + url + " failed after " + std::to_string(max_attempts) +
                            " attempt(s); last: " + last);
}

}  // namespace arxiv
