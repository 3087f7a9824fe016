// The status page: the last fetch and its errors, missing listing days, the newest days'
// counts per subscribed category, and what the index holds.
#include <set>

#include "index/fetch_status.h"
#include "index/paper_store.h"
#include "server/pages.h"

namespace arxiv::pages {

namespace {

constexpr size_t kDaysShown = 10;

nlohmann::json fetch_view(const FetchStatus& s) {
  nlohmann::json missing = nlohmann::json::array();
  for (const auto& d : s.missing_days) missing.push_back({{"day", d}});
  // Columns: the newest recorded days; rows: every category any of them counted.
  const size_t first = s.recent.size() > kDaysShown ? s.recent.size() - kDaysShown : 0;
  std::set<std::string> categories;
  nlohmann::json days = nlohmann::json::array();
  for (size_t i = first; i < s.recent.size(); ++i) {
    days.push_back({{"day", s.recent[i].day}, {"papers", s.recent[i].papers}});
    for (const auto& [category, count] : s.recent[i].by_category) categories.insert(category);
  }
  // The same rule as `arxiv-triage status` and /api/v1/status: far below its usual count.
  std::set<std::string> low;
  for (const auto& f : category_freshness(s)) {
    if (f.low) low.insert(f.category);
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& category : categories) {
    nlohmann::json counts = nlohmann::json::array();
    for (size_t i = first; i < s.recent.size(); ++i) {
      auto it = s.recent[i].by_category.find(category);
      counts.push_back({{"count", it == s.recent[i].by_category.end() ? 0 : it->second}});
    }
    rows.push_back({{"category", category}, {"counts", counts}, {"low", low.count(category) > 0}});
  }
  const bool ran = !s.last_attempt.empty() || !s.last_listing_day.empty();
  return {{"ran", ran},
          {"last_listing_day", s.last_listing_day},
          {"last_attempt", s.last_attempt},
          {"last_success", s.last_success},
          {"last_error", s.last_error},
          {"missing", missing},
          {"days", days},
          {"has_rows", !rows.empty()},
          {"rows", rows}};
}

Result<nlohmann::json> index_view(const ServerConfig& config) {
  auto reader = PaperReader::open(config.data_dir);
  if (!reader.ok()) {
    if (reader.error().code == ErrorCode::kNotFound) return nlohmann::json(false);
    return reader.error();
  }
  auto papers = reader.value()->paper_count();
  if (!papers.ok()) return papers.error();
  auto days = reader.value()->days();
  if (!days.ok()) return days.error();
  nlohmann::json recent = nlohmann::json::array();
  for (size_t i = days->size(); i > 0 && recent.size() < kDaysShown; --i) {
    const DayCount& d = days.value()[i - 1];
    recent.push_back({{"day", d.day},
                      {"weekday", weekday_name(d.day)},
                      {"papers", d.papers},
                      {"url", link("/", {{"date", d.day}})}});
  }
  return nlohmann::json{{"papers", papers.value()},
                        {"day_count", days->size()},
                        {"oldest", days->empty() ? "" : days->front().day},
                        {"newest", days->empty() ? "" : days->back().day},
                        {"recent", recent}};
}

}  // namespace

void status_page(ServerContext& ctx, const httplib::Request&, httplib::Response& res) {
  const ServerConfig& config = ctx.config;
  auto status = load_fetch_status(config.data_dir);
  if (!status.ok()) return send_error_page(res, ctx, status.error());
  auto index = index_view(config);
  if (!index.ok()) return send_error_page(res, ctx, index.error());
  send_page(res, ctx, 200, "status", "Status",
            {{"fetch", fetch_view(status.value())}, {"index", std::move(index).value()}});
}

}  // namespace arxiv::pages
