#include "tests/e2e/replay_feeds.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "fetcher/announcement_calendar.h"
#include "fetcher/listing_fetcher.h"
#include "index/profile.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

std::string due_listing_day() {
  auto calendar = AnnouncementCalendar::make({});
  REQUIRE(calendar.ok());
  return calendar->latest_due(std::chrono::system_clock::now());
}

std::string rfc822_day(const std::string& day) {
  std::tm tm{};
  REQUIRE(strptime(day.c_str(), "%Y-%m-%d", &tm) != nullptr);
  const std::chrono::sys_days days =
      std::chrono::year_month_day{std::chrono::year{tm.tm_year + 1900},
                                  std::chrono::month{static_cast<unsigned>(tm.tm_mon + 1)},
                                  std::chrono::day{static_cast<unsigned>(tm.tm_mday)}};
  tm.tm_wday = static_cast<int>(std::chrono::weekday{days}.c_encoding());
  char buf[32];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y", &tm);
  return buf;
}

std::string replay_listing_dated(const std::string& replay_day, const std::string& day) {
  std::string feed = read_file(shared_data() / "replay" / "rss" / (replay_day + ".xml.gz"));
  const std::string from = rfc822_day(replay_day), to = rfc822_day(day);
  REQUIRE_MESSAGE(feed.find(from) != std::string::npos, "no date ", from, " in ", replay_day);
  for (size_t at = feed.find(from); at != std::string::npos; at = feed.find(from, at + to.size()))
    feed.replace(at, from.size(), to);
  return feed;
}

std::vector<std::string> default_feed_paths() {
  std::vector<std::string> categories;
  for (const auto& profile : default_profiles()) {
    for (const auto& c : profile.categories) {
      if (std::find(categories.begin(), categories.end(), c) == categories.end())
        categories.push_back(c);
    }
  }
  std::vector<std::string> paths;
  for (const auto& group : feed_groups(categories)) {
    std::string joined;
    for (const auto& c : group) joined += (joined.empty() ? "" : "+") + c;
    paths.push_back("/rss/" + joined);
  }
  return paths;
}

}  // namespace arxiv::testing
