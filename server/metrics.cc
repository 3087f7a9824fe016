#include "server/metrics.h"

#include <array>
#include <regex>

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
  // Ordered: the first pattern that matches names the route.
  static const std::array<std::pair<std::regex, const char*>, 9> kRoutes{{
      {std::regex("/api/v1/papers/[^/]+"), "/api/v1/papers/{id}"},
      {std::regex("/api/v1/profiles/[^/]+/feedback"), "/api/v1/profiles/{name}/feedback"},
      {std::regex("/api/v1/profiles/[^/]+/suggestions"), "/api/v1/profiles/{name}/suggestions"},
      {std::regex("/api/v1/profiles/[^/]+"), "/api/v1/profiles/{name}"},
      {std::regex("/api/v1/[a-z.]+"), nullptr},
      {std::regex("/feeds/[^/]+"), "/feeds/{profile}.atom"},
      {std::regex("/metrics"), nullptr},
      {std::regex("/static/.*"), "/static/*"},
      {std::regex("/(|search|paper/[^/]+|profiles|profiles/[^/]+|status|login|logout)"), nullptr},
  }};
  std::string route = "other";
  for (const auto& [pattern, name] : kRoutes) {
    if (std::regex_match(path, pattern)) {
      route = name ? name : path;
      break;
    }
  }
  if (route.rfind("/paper/", 0) == 0) route = "/paper/{id}";
  if (route.rfind("/profiles/", 0) == 0) route = "/profiles/{name}";
  return method + " " + route;
}

}  // namespace arxiv
