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

std::vector<CategoryFreshness> category_freshness(const FetchStatus& status) {
  std::vector<CategoryFreshness> out;
  if (status.recent.empty()) return out;
  const DayRecord& last = status.recent.back();
  const size_t trailing = status.recent.size() - 1;
  for (const auto& [category, count] : last.by_category) {
    CategoryFreshness f{category, count, trailing, 0, false};
    if (trailing > 0) {
      double sum = 0;
      for (size_t i = 0; i < trailing; ++i) {
        auto it = status.recent[i].by_category.find(category);
        if (it != status.recent[i].by_category.end()) sum += static_cast<double>(it->second);
      }
      f.trailing_average = sum / static_cast<double>(trailing);
      // Under half the usual count on a listing day is how a stale per-category feed shows.
      f.low = f.trailing_average >= 10 && static_cast<double>(count) < f.trailing_average / 2;
    }
    out.push_back(std::move(f));
  }
  return out;
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
  out += "papers on " + s.recent.back().day + ": " + std::to_string(s.recent.back().papers) + "\n";
  for (const auto& f : category_freshness(s)) {
    char buf[160];
    if (f.trailing_days == 0) {
      std::snprintf(buf, sizeof buf, "  %-18s %5zu\n", f.category.c_str(), f.papers);
    } else {
      std::snprintf(buf, sizeof buf, "  %-18s %5zu  (trailing average %.0f over %zu days)%s\n",
                    f.category.c_str(), f.papers, f.trailing_average, f.trailing_days,
                    f.low ? "  LOW" : "");
    }
    out += buf;
  }
  return out;
}

}  // namespace arxiv
