// Parser for rss.arxiv.org daily listing feeds, RSS 2.0 (/rss/<cats>) and Atom 1.0 (/atom/<cats>).
// Pure function from bytes to papers; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"

namespace arxiv {

struct ListingFeed {
  std::string title;  // channel / feed title
  // The announcement day: the channel pubDate (RSS) or the feed's published/updated (Atom), as a
  // calendar day in the feed's own time zone. "" when the feed carries none.
  std::string day;
  // One per item, each with exactly one Announcement {day, announce_type, version}; the item's
  // own pubDate (Atom: published) wins over the feed's day. The id and version come from the guid
  // (Atom: id), else the description's "arXiv:<id>v<n>", else the link; the announce type from
  // arxiv:announce_type, else the description's "Announce Type:". submitted/updated stay empty.
  std::vector<Paper> papers;
};

// Parses one feed. An empty feed (weekend, holiday) is a success with no papers. Namespaced
// elements (arxiv:, dc:) are matched by namespace URI, whatever their prefix. Fails with
// kInvalidInput for malformed or truncated XML, a document that is not a listing feed (including
// an arXiv API search response), an unparsable date, or an item without a valid arXiv id or
// without any announcement day; the message says which item (number and title) and why. arXiv's
// "Feed error for query" feed fails with reason "feed_error".
Result<ListingFeed> parse_listing_feed(std::string_view bytes);

}  // namespace arxiv
