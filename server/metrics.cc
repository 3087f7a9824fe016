#include "server/metrics.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace arxiv {

void Metrics::record(const std::string& method, const std::string& path, int status,
                     std::chrono::duration<double> elapsed) {
  const std::string route = route_of(method, path);
  std::lock_guard lock(mutex_);
  auto& s = series_[{route, status}];
  ++s.requests;
  s.seconds += elapsed.count();
}

Metrics::Snapshot Metrics::snapshot() const {
  std::lock_guard lock(mutex_);
  return series_;
}

std::string Metrics::route_of(const std::string& method, const std::string& path) {
  // Every request comes through here, so the path is read segment by segment, not by regex.
  if (path.empty() || path.front() != '/') return method + " other";
  std::vector<std::string_view> seg;
  std::string_view rest(path);
  rest.remove_prefix(1);
  for (size_t slash; (slash = rest.find('/')) != std::string_view::npos;) {
    seg.push_back(rest.substr(0, slash));
    rest.remove_prefix(slash + 1);
  }
  seg.push_back(rest);
  const size_t n = seg.size();
  auto is = [&](size_t i, std::string_view text) { return i < n && seg[i] == text; };
  const bool lower_name = n >= 3 && !seg[2].empty() &&
                          std::all_of(seg[2].begin(), seg[2].end(),
                                      [](char c) { return (c >= 'a' && c <= 'z') || c == '.'; });
  std::string route = "other";
  if (is(0, "api") && is(1, "v1") && n >= 3) {
    if (is(2, "papers") && n >= 4 && !seg[3].empty()) {
      route = "/api/v1/papers/{id}";  // old-style ids hold a '/'
    } else if (is(2, "profiles") && n == 5 && !seg[3].empty() &&
               (seg[4] == "feedback" || seg[4] == "suggestions")) {
      route = "/api/v1/profiles/{name}/" + std::string(seg[4]);
    } else if (is(2, "profiles") && n == 4 && !seg[3].empty()) {
      route = "/api/v1/profiles/{name}";
    } else if (is(2, "subscribers") && n >= 4 && !seg[3].empty()) {
      route = "/api/v1/subscribers/{email}";  // an address never becomes a label
    } else if (n == 3 && lower_name) {
      route = path;
    }
  } else if (is(0, "feeds") && n == 2 && !seg[1].empty()) {
    route = "/feeds/{profile}.atom";
  } else if (is(0, "static") && n >= 2) {
    route = "/static/*";
  } else if (n == 2 && !seg[1].empty() && (is(0, "paper") || is(0, "profiles"))) {
    route = is(0, "paper") ? "/paper/{id}" : "/profiles/{name}";
  } else if (n == 1) {
    static constexpr std::string_view kPages[] = {"",      "search", "profiles", "status",
                                                  "login", "logout", "metrics",  "unsubscribe"};
    if (std::find(std::begin(kPages), std::end(kPages), seg[0]) != std::end(kPages)) route = path;
  }
  return method + " " + route;
}

}  // namespace arxiv
