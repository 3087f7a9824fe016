#include "index/day_summary.h"

#include <doctest/doctest.h>

#include <set>

#include "fetcher/listing_parser.h"
#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

// The day's counts as the listing file itself states them, each id once.
DaySummary counted_from_listing(const std::string& day) {
  const auto files = testing::replay_files(day, day);
  REQUIRE(files.size() == 1);
  auto feed = parse_listing_feed(testing::read_file(files.front()));
  REQUIRE(feed.ok());
  DaySummary out;
  out.day = day;
  std::set<std::string> ids;
  for (const auto& paper : feed->papers) {
    if (!ids.insert(paper.id).second) continue;
    ++out.total;
    switch (paper.announcements.front().type) {
      case AnnounceType::kNew:
        ++out.new_papers;
        break;
      case AnnounceType::kCross:
        ++out.cross;
        break;
      case AnnounceType::kReplace:
      case AnnounceType::kReplaceCross:
        ++out.updated;
        break;
      case AnnounceType::kUnknown:
        ++out.unknown;
        break;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("a day's summary counts its listing's new papers, cross-lists and updates") {
  auto reader = testing::open_fortnight();
  for (const std::string day : {"2025-03-18", "2025-03-25", "2025-03-31"}) {
    CAPTURE(day);
    const DaySummary expected = counted_from_listing(day);
    auto summary = summarize_day(*reader, day);
    REQUIRE(summary.ok());
    CHECK(summary->day == day);
    CHECK(summary->total == reader->papers_on(day).value());
    CHECK(summary->total == expected.total);
    CHECK(summary->new_papers == expected.new_papers);
    CHECK(summary->cross == expected.cross);
    CHECK(summary->updated == expected.updated);
    CHECK(summary->unknown == 0);
    CHECK(summary->new_papers > 0);
    CHECK(summary->cross > 0);
  }
}

TEST_CASE("a paper counts by what the day's listing called it, not by its first announcement") {
  // The replay listings hold no replacements, so these are built here: one paper per type, and
  // one announced new the day before and replaced on the day.
  testing::TempDir dir;
  const std::string day = "2025-03-25", before = "2025-03-24";
  auto writer = PaperWriter::open(dir.path());
  REQUIRE(writer.ok());
  auto paper = [](const std::string& id, std::vector<Announcement> announcements) {
    Paper p;
    p.id = id;
    p.version = 2;
    p.title = "Paper " + id;
    p.categories = {"cs.LG"};
    p.announcements = std::move(announcements);
    return p;
  };
  for (const Paper& p : {paper("2503.00001", {{day, AnnounceType::kNew, 1}}),
                         paper("2503.00002", {{day, AnnounceType::kCross, 1}}),
                         paper("2503.00003", {{day, AnnounceType::kReplace, 2}}),
                         paper("2503.00004", {{day, AnnounceType::kReplaceCross, 2}}),
                         paper("2503.00005", {{day, AnnounceType::kUnknown, 0}}),
                         paper("2503.00006", {{before, AnnounceType::kNew, 1}}),
                         paper("2503.00006", {{day, AnnounceType::kReplace, 2}})})
    REQUIRE(writer.value()->upsert(p).ok());
  REQUIRE(writer.value()->commit().ok());
  auto reader = PaperReader::open(dir.path());
  REQUIRE(reader.ok());
  auto summary = summarize_day(*reader.value(), day);
  REQUIRE(summary.ok());
  CHECK(summary->total == 6);
  CHECK(summary->new_papers == 1);
  CHECK(summary->cross == 1);
  CHECK(summary->updated == 3);
  CHECK(summary->unknown == 1);
  auto earlier = summarize_day(*reader.value(), before);
  REQUIRE(earlier.ok());
  CHECK(earlier->total == 1);
  CHECK(earlier->new_papers == 1);
}

TEST_CASE("a day without papers sums to zero and a malformed day is refused") {
  auto reader = testing::open_fortnight();
  for (const std::string day : {"2025-03-22", "2025-03-23", "2031-01-01"}) {
    auto summary = summarize_day(*reader, day);
    REQUIRE(summary.ok());
    CHECK(summary->total == 0);
    CHECK(summary->new_papers + summary->cross + summary->updated + summary->unknown == 0);
  }
  for (const std::string bad : {"", "2025-3-25", "yesterday", "2025-03-25T00"}) {
    auto summary = summarize_day(*reader, bad);
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().code == ErrorCode::kInvalidInput);
  }
}

}  // namespace arxiv
