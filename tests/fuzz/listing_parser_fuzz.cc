// libFuzzer target: rss.arxiv.org listing feeds (RSS 2.0 and Atom) through parse_listing_feed.
// Any input must give papers or an Error; a crash, leak, undefined behaviour or a paper that
// breaks the parser's contract is a bug. Seeds: fixtures/rss and samples of replay/rss.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fetcher/listing_parser.h"
#include "tests/fuzz/paper_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto feed =
      arxiv::parse_listing_feed(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!feed.ok()) return 0;
  if (!arxiv::fuzz::is_day_or_empty(feed->day)) __builtin_trap();
  for (const auto& paper : feed->papers) {
    arxiv::fuzz::check_paper(paper);
    // Each item of a listing is one announcement.
    if (paper.announcements.size() != 1) __builtin_trap();
  }
  return 0;
}
