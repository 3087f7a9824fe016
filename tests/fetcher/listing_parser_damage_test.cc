#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fetcher/listing_parser.h"
#include "fetcher/text.h"
#include "tests/fetcher/listing_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using testing::read_file;
using testing::listing::kForge;
using testing::listing::kLaya;
using testing::listing::kPlainItem;
using testing::listing::replay;
using testing::listing::rss;

// A parse of damaged input may fail, but only as kInvalidInput with a message; when it succeeds
// every paper must still be well formed.
void check_damaged_outcome(const Result<ListingFeed>& result) {
  if (!result.ok()) {
    CHECK(result.error().code == ErrorCode::kInvalidInput);
    CHECK_FALSE(result.error().message.empty());
    return;
  }
  for (const Paper& p : result->papers) {
    CHECK(parse_arxiv_id(p.id).ok());
    REQUIRE(p.announcements.size() == 1);
    CHECK(is_valid_day(p.announcements[0].day));
  }
}

TEST_CASE("invalid documents and items fail with kInvalidInput naming the culprit") {
  struct Case {
    const char* name;
    std::string doc;
    const char* expected;  // must appear in the message
  };
  const std::vector<Case> cases = {
      {"empty input", "", "empty"},
      {"not XML", "Retry after 10 seconds", "malformed XML"},
      {"an item without any id",
       rss("<item><title>No Id Here</title><link>https://example.org/x</link></item>"),
       "item 1 'No Id Here'"},
      {"an item with a bad pubDate",
       rss(kPlainItem + "<item><title>Bad Day</title><guid>oai:arXiv.org:2503.00008v1</guid>"
                        "<pubDate>someday</pubDate></item>"),
       "item 2 'Bad Day': pubDate 'someday'"},
      {"an item without any day", rss(kPlainItem, ""), "no announcement day"},
      {"a channel pubDate that is not a date", rss("", "yesterday"), "'yesterday' is not a date"},
      {"an HTML page", "<html><body>Service unavailable</body></html>", "root element is <html>"},
      {"rss without a channel", "<rss version='2.0'></rss>", "no <channel>"},
      {"an unclosed channel", rss(kPlainItem).substr(0, 300), "malformed XML"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto feed = parse_listing_feed(c.doc);
    REQUIRE_FALSE(feed.ok());
    CHECK(feed.error().code == ErrorCode::kInvalidInput);
    CHECK_MESSAGE(feed.error().message.find(c.expected) != std::string::npos, feed.error().message);
  }
}

TEST_CASE("a real feed cut at any offset before its end fails instead of crashing") {
  for (const auto& file : {std::pair{kLaya, "</rss>"}, {kForge, "</feed>"}}) {
    const auto& path = file.first;
    const auto& root_end = file.second;
    const std::string whole = read_file(path);
    const size_t end = whole.rfind(root_end);
    REQUIRE(end != std::string::npos);
    for (size_t cut = 0; cut < end + std::string_view(root_end).size(); ++cut) {
      const auto feed = parse_listing_feed(std::string_view(whole).substr(0, cut));
      REQUIRE_MESSAGE(!feed.ok(), path.filename().string(), " cut at ", cut);
      REQUIRE(feed.error().code == ErrorCode::kInvalidInput);
    }
  }
  const std::string day = read_file(replay("2025-03-18"));
  for (size_t cut = 1; cut < day.size() - 10; cut += 4099) {
    const auto feed = parse_listing_feed(std::string_view(day).substr(0, cut));
    REQUIRE_MESSAGE(!feed.ok(), "cut at ", cut);
  }
}

TEST_CASE("a real feed with one tag removed is rejected and a lost guid falls back") {
  const std::string laya = read_file(kLaya);
  size_t removed = 0;
  for (size_t at = laya.find("</"); at != std::string::npos; at = laya.find("</", at + 1)) {
    std::string damaged = laya;
    damaged.erase(at, damaged.find('>', at) - at + 1);
    const auto feed = parse_listing_feed(damaged);
    CHECK_MESSAGE(!feed.ok(), "without the closing tag at ", at);
    ++removed;
  }
  CHECK(removed > 40);
  // Without its guid the item's id comes from the description.
  std::string no_guid = laya;
  const size_t guid = no_guid.find("<guid");
  no_guid.erase(guid, no_guid.find("</guid>", guid) + 7 - guid);
  const auto feed = parse_listing_feed(no_guid);
  REQUIRE(feed.ok());
  CHECK(feed->papers.at(0).id == "2609.26811");
  CHECK(feed->papers.at(0).version == 1);
}

TEST_CASE("a real feed with bytes flipped never crashes and fails only as invalid input") {
  const std::string laya = read_file(kLaya);
  const std::string forge = read_file(kForge);
  uint32_t state = 12345;
  auto next = [&state] {  // the low bits of this generator are poor, so use the high ones
    state = state * 1103515245u + 12345u;
    return state >> 16;
  };
  const char garbage[] = {'<', '>', '&', '"', '\0', '\x80', '\xff', ':', ' ', 'x'};
  size_t parsed = 0;
  for (const std::string* original : {&laya, &forge}) {
    for (int i = 0; i < 1500; ++i) {
      std::string damaged = *original;
      for (int flips = 1 + static_cast<int>(next() % 3); flips > 0; --flips)
        damaged[next() % damaged.size()] = garbage[next() % sizeof garbage];
      const auto feed = parse_listing_feed(damaged);
      check_damaged_outcome(feed);
      if (feed.ok()) ++parsed;
    }
  }
  // Most flips land in abstracts, which stay parsable.
  CHECK(parsed > 500);
}

}  // namespace
}  // namespace arxiv
