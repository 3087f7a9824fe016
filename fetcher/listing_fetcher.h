// Fetching the day's listing from rss.arxiv.org for a set of categories: one feed for the union
// of categories joined with '+', split into several feeds when the union could exceed the feed's
// 2,000-item cap. Not thread-safe (the PoliteClient it uses is).
#pragma once

#include <string>
#include <vector>

#include "fetcher/listing_parser.h"
#include "fetcher/polite_client.h"
#include "fetcher/result.h"

namespace arxiv {

// rss.arxiv.org returns at most this many items per feed.
inline constexpr size_t kFeedItemCap = 2000;

// Groups `categories` (deduplicated, order kept) into feeds whose estimated busiest-day item
// count stays under the cap with a margin. The estimate per category is a conservative ceiling
// from arXiv's 2025-26 listings (new + cross-lists + replacements): cs.LG and cs.CV are the
// heaviest; unknown categories count as mid-sized.
std::vector<std::vector<std::string>> feed_groups(const std::vector<std::string>& categories);

struct FetchedFeed {
  std::string url;
  std::string raw;   // the response body as received (saved for replay)
  ListingFeed feed;  // parsed
};

// GETs base_url + "/" + group joined with '+' for each group ("https://rss.arxiv.org/rss").
// Fails on the first feed that cannot be fetched (kUnavailable), is not HTTP 200 (kUnavailable
// naming the status), or does not parse (kInvalidInput; arXiv's "Feed error for query" included).
Result<std::vector<FetchedFeed>> fetch_listing_feeds(PoliteClient& client,
                                                     const std::string& base_url,
                                                     const std::vector<std::string>& categories);

}  // namespace arxiv
