#include "index/fetch_status.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace arxiv {

namespace {

namespace fs = std::filesystem;

fs::path status_path(const fs::path& data_dir) { return data_dir / "status.json"; }

}  // namespace

Result<FetchStatus> load_fetch_status(const fs::path& data_dir) {
  FetchStatus status;
  std::ifstream in(status_path(data_dir));
  if (!in) return status;
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  try {
    if (j.is_discarded() || !j.is_object()) throw std::runtime_error("not a JSON object");
    status.last_listing_day = j.value("last_listing_day", "");
    status.last_attempt = j.value("last_attempt", "");
    status.last_success = j.value("last_success", "");
    status.last_error = j.value("last_error", "");
    status.missing_days = j.value("missing_days", std::vector<std::string>{});
    for (const auto& d : j.value("recent", nlohmann::json::array())) {
      status.recent.push_back({d.at("day").get<std::string>(), d.at("papers").get<size_t>(),
                               d.value("by_category", std::map<std::string, size_t>{})});
    }
  } catch (const std::exception& e) {
    return Error::corrupt(status_path(data_dir).string() + " is damaged (" + e.what() +
                          "); delete it to start a fresh status record");
  }
  return status;
}

Status save_fetch_status(const fs::path& data_dir, const FetchStatus& status) {
  nlohmann::json recent = nlohmann::json::array();
  for (const auto& d : status.recent)
    recent.push_back({{"day", d.day}, {"papers", d.papers}, {"by_category", d.by_category}});
  nlohmann::json j = {
      {"last_listing_day", status.last_listing_day}, {"last_attempt", status.last_attempt},
      {"last_success", status.last_success},         {"last_error", status.last_error},
      {"missing_days", status.missing_days},         {"recent", recent}};
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  const fs::path tmp = status_path(data_dir).string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    out.flush();
    if (!out) return Error::unavailable("cannot write " + tmp.string());
  }
  fs::rename(tmp, status_path(data_dir), ec);
  if (ec)
    return Error::unavailable("cannot replace " + status_path(data_dir).string() + ": " +
                              ec.message());
  return {};
}

std::string format_fetch_status(const FetchStatus& s) {
  std::string out;
  auto line = [&](const std::string& label, const std::string& value) {
    out += label + (value.empty() ? "-" : value) + "\n";
  };
  line("last listing day: ", s.last_listing_day);
  line("last success:     ", s.last_success);
  line("last attempt:     ", s.last_attempt);
  line("last error:       ", s.last_error);
  if (!s.missing_days.empty()) {
    std::string days;
    for (const auto& d : s.missing_days) days += (days.empty() ? "" : ", ") + d;
    line("missing days:     ", days);
  }
  if (s.recent.empty()) return out;
  const DayRecord& last = s.recent.back();
  out += "papers on " + last.day + ": " + std::to_string(last.papers) + "\n";
  for (const auto& [category, count] : last.by_category) {
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i + 1 < s.recent.size(); ++i) {
      auto it = s.recent[i].by_category.find(category);
      sum += it == s.recent[i].by_category.end() ? 0 : static_cast<double>(it->second);
      ++n;
    }
    char buf[160];
    if (n == 0) {
      std::snprintf(buf, sizeof buf, "  %-18s %5zu\n", category.c_str(), count);
    } else {
      const double average = sum / static_cast<double>(n);
      // Under half the usual count on a listing day is how a stale per-category feed shows.
      const bool low = average >= 10 && static_cast<double>(count) < average / 2;
      std::snprintf(buf, sizeof buf, "  %-18s %5zu  (trailing average %.0f over %zu days)%s\n",
                    category.c_str(), count, average, n, low ? "  LOW" : "");
    }
    out += buf;
  }
  return out;
}

}  // namespace arxiv
