// GET /api/v1/status (JSON) and GET /metrics (Prometheus text format 0.0.4): how the service,
// the index and the daily fetch are doing.
#include <date/date.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "index/feedback_store.h"
#include "index/fetch_status.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "server/http_util.h"
#include "server/routes.h"

namespace arxiv {

namespace {

using nlohmann::json;
using std::chrono::system_clock;

struct IndexSummary {
  size_t papers = 0;
  size_t days = 0;
  std::string newest_day;  // "" for an empty or missing index
  size_t newest_day_papers = 0;
};

// A data directory without an index yet is a normal state for a fresh install, so it is
// reported as an empty index; any other failure is an error.
Result<IndexSummary> index_summary(const ServerContext& ctx) {
  IndexSummary summary;
  auto reader = PaperReader::open(ctx.config.data_dir);
  if (!reader.ok()) {
    if (reader.error().code == ErrorCode::kNotFound) return summary;
    return reader.error();
  }
  auto papers = reader.value()->paper_count();
  if (!papers.ok()) return papers.error();
  auto days = reader.value()->days();
  if (!days.ok()) return days.error();
  summary.papers = papers.value();
  summary.days = days->size();
  if (!days->empty()) {
    summary.newest_day = days->back().day;
    summary.newest_day_papers = days->back().papers;
  }
  return summary;
}

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (how status.json writes times); nullopt otherwise.
std::optional<system_clock::time_point> parse_time(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0, hh = 0, mm = 0, ss = 0;
  char tail = 0;
  const int fields =
      std::sscanf(text.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u%c", &y, &m, &d, &hh, &mm, &ss, &tail);
  const bool shape = fields == 3 ? text.size() == 10 : fields == 7 && tail == 'Z';
  const date::year_month_day day{date::year{y}, date::month{m}, date::day{d}};
  if (!shape || !day.ok() || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  return date::sys_days{day} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
         std::chrono::seconds{ss};
}

double seconds_since(system_clock::time_point t) {
  return std::chrono::duration<double>(system_clock::now() - t).count();
}

std::string iso_time(system_clock::time_point t) {
  return date::format("%Y-%m-%dT%H:%M:%SZ", date::floor<std::chrono::seconds>(t));
}

json or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json freshness_json(const FetchStatus& status) {
  json out = json::array();
  for (const auto& f : category_freshness(status)) {
    out.push_back(
        {{"category", f.category},
         {"papers", f.papers},
         {"trailing_days", f.trailing_days},
         {"trailing_average", f.trailing_days == 0 ? json(nullptr) : json(f.trailing_average)},
         {"low", f.low}});
  }
  return out;
}

json fetch_json(const FetchStatus& s) {
  return {{"last_listing_day", or_null(s.last_listing_day)},
          {"last_attempt", or_null(s.last_attempt)},
          {"last_success", or_null(s.last_success)},
          {"last_error", or_null(s.last_error)},
          {"missing_days", s.missing_days},
          {"newest_recorded_day", s.recent.empty() ? json(nullptr) : json(s.recent.back().day)},
          {"categories", freshness_json(s)}};
}

// Every profile of profiles.toml, then any profile that has feedback but is no longer defined.
Result<json> feedback_counts(const ServerContext& ctx) {
  auto profiles = load_or_create_profiles(ctx.config.data_dir);
  if (!profiles.ok()) return profiles.error();
  auto feedback = stored_feedback(ctx.config.data_dir);
  if (!feedback.ok()) return feedback.error();
  json out = json::array();
  auto add = [&](const std::string& name) {
    auto it = feedback->find(name);
    const bool any = it != feedback->end();
    out.push_back({{"profile", name},
                   {"liked", any ? it->second.liked.size() : 0},
                   {"dismissed", any ? it->second.dismissed.size() : 0}});
  };
  for (const auto& p : profiles.value()) add(p.name);
  for (const auto& [name, ignored] : feedback.value()) {
    if (!find_profile(profiles.value(), name).ok()) add(name);
  }
  return out;
}

void status(const ServerContext& ctx, httplib::Response& res) {
  auto fetch = load_fetch_status(ctx.config.data_dir);
  if (!fetch.ok()) return send_error(res, fetch.error());
  auto index = index_summary(ctx);
  if (!index.ok()) return send_error(res, index.error());
  auto feedback = feedback_counts(ctx);
  if (!feedback.ok()) return send_error(res, feedback.error());
  send_json(res, 200,
            {{"version", ARXIV_TRIAGE_VERSION},
             {"started", iso_time(ctx.metrics.started())},
             {"uptime_seconds", seconds_since(ctx.metrics.started())},
             {"fetch", fetch_json(fetch.value())},
             {"index",
              {{"papers", index->papers},
               {"days", index->days},
               {"newest_day", or_null(index->newest_day)},
               {"newest_day_papers", index->newest_day_papers}}},
             {"feedback", std::move(feedback).value()}});
}

// Label values may hold any text; the exposition format escapes backslash, quote and newline.
std::string label_value(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  return buf;
}

void family(std::string& out, const std::string& name, const char* type, const char* help) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void metrics(const ServerContext& ctx, httplib::Response& res) {
  auto fetch = load_fetch_status(ctx.config.data_dir);
  if (!fetch.ok()) return send_error(res, fetch.error());
  auto index = index_summary(ctx);
  if (!index.ok()) return send_error(res, index.error());
  const Metrics::Snapshot series = ctx.metrics.snapshot();

  std::string out;
  auto labels = [](const std::pair<std::string, int>& key) {
    return "{route=\"" + label_value(key.first) + "\",status=\"" + std::to_string(key.second) +
           "\"}";
  };
  family(out, "arxiv_triage_http_requests_total", "counter",
         "HTTP requests answered, by route and status.");
  for (const auto& [key, s] : series)
    out +=
        "arxiv_triage_http_requests_total" + labels(key) + " " + std::to_string(s.requests) + "\n";
  family(out, "arxiv_triage_http_request_seconds_total", "counter",
         "Seconds spent answering HTTP requests, by route and status.");
  for (const auto& [key, s] : series)
    out += "arxiv_triage_http_request_seconds_total" + labels(key) + " " + number(s.seconds) + "\n";

  family(out, "arxiv_triage_build_info", "gauge", "Always 1; the version in a label.");
  out += "arxiv_triage_build_info{version=\"" + label_value(ARXIV_TRIAGE_VERSION) + "\"} 1\n";
  family(out, "arxiv_triage_uptime_seconds", "gauge", "Seconds since the service started.");
  out += "arxiv_triage_uptime_seconds " + number(seconds_since(ctx.metrics.started())) + "\n";
  family(out, "arxiv_triage_index_papers", "gauge", "Papers in the index.");
  out += "arxiv_triage_index_papers " + std::to_string(index->papers) + "\n";
  // Unknown values are left out rather than written as 0, which would read as "1970" or "now".
  if (auto day = parse_time(index->newest_day)) {
    family(out, "arxiv_triage_newest_listing_day_timestamp_seconds", "gauge",
           "The newest announcement day in the index, as a Unix time (midnight UTC).");
    out += "arxiv_triage_newest_listing_day_timestamp_seconds " +
           std::to_string(system_clock::to_time_t(*day)) + "\n";
  }
  if (auto success = parse_time(fetch->last_success)) {
    family(out, "arxiv_triage_last_fetch_success_age_seconds", "gauge",
           "Seconds since the last successful daily fetch.");
    out += "arxiv_triage_last_fetch_success_age_seconds " + number(seconds_since(*success)) + "\n";
  }
  res.status = 200;
  res.set_content(out, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

void add_status_routes(httplib::Server& http, ServerContext& ctx) {
  http.Get("/api/v1/status",
           [&ctx](const httplib::Request&, httplib::Response& res) { status(ctx, res); });
  http.Get("/metrics",
           [&ctx](const httplib::Request&, httplib::Response& res) { metrics(ctx, res); });
}

}  // namespace arxiv
