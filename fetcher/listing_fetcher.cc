#include "fetcher/listing_fetcher.h"

#include <algorithm>
#include <map>

namespace arxiv {

namespace {

// Ceiling of items per busiest day. Cross-lists make the heavy machine-learning categories far
// larger than their new submissions alone.
size_t estimated_items(const std::string& category) {
  static const std::map<std::string, size_t> kHeavy = {
      {"cs.LG", 1200},  {"cs.CV", 900}, {"cs.AI", 900},    {"cs.CL", 700},
      {"stat.ML", 400}, {"cs.RO", 300}, {"cs.CR", 250},    {"eess.IV", 250},
      {"math.OC", 250}, {"cs.NE", 150}, {"q-bio.NC", 100},
  };
  auto it = kHeavy.find(category);
  if (it != kHeavy.end()) return it->second;
  // A whole archive ("cs", "math") is as large as the cap allows.
  if (category.find('.') == std::string::npos && category.find('-') == std::string::npos)
    return kFeedItemCap;
  return 300;
}

// Room left for days busier than the estimates.
constexpr size_t kGroupBudget = kFeedItemCap * 9 / 10;

}  // namespace

std::vector<std::vector<std::string>> feed_groups(const std::vector<std::string>& categories) {
  std::vector<std::vector<std::string>> groups;
  std::vector<size_t> load;
  std::vector<std::string> seen;
  for (const auto& c : categories) {
    if (c.empty() || std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
    seen.push_back(c);
    const size_t items = estimated_items(c);
    size_t g = 0;
    while (g < groups.size() && load[g] + items > kGroupBudget) ++g;
    if (g == groups.size()) {
      groups.emplace_back();
      load.push_back(0);
    }
    groups[g].push_back(c);
    load[g] += items;
  }
  return groups;
}

Result<std::vector<FetchedFeed>> fetch_listing_feeds(PoliteClient& client,
                                                     const std::string& base_url,
                                                     const std::vector<std::string>& categories) {
  std::vector<FetchedFeed> feeds;
  for (const auto& group : feed_groups(categories)) {
    std::string joined;
    for (const auto& c : group) joined += (joined.empty() ? "" : "+") + c;
    FetchedFeed f;
    f.url = base_url + "/" + joined;
    auto response = client.get(f.url);
    if (!response.ok()) return response.error();
    if (response->status != 200)
      return Error::unavailable(f.url + ": HTTP " + std::to_string(response->status));
    f.raw = std::move(response->body);
    auto parsed = parse_listing_feed(f.raw);
    if (!parsed.ok()) {
      Error e = parsed.error();
      e.message = f.url + ": " + e.message;
      return e;
    }
    f.feed = std::move(parsed).value();
    feeds.push_back(std::move(f));
  }
  return feeds;
}

}  // namespace arxiv
