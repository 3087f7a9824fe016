// The digest page through real HTTP, checked against the index functions the CLI uses on the
// fortnight fixture (and on private copies for anything written).
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "fetcher/clock.h"
#include "index/day_summary.h"
#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/suggestions.h"
#include "tests/index/fixture_index.h"
#include "tests/server/page_check.h"

namespace arxiv {

using testing::attribute;
using testing::card_ids;
using testing::direct_digest;
using testing::escaped;
using testing::fortnight_config;
using testing::has;
using testing::page;
using testing::private_fortnight_config;
using testing::RunningServer;
using testing::TempDir;

constexpr const char* kDay = testing::kPageDay;

TEST_CASE("the digest of a day lists each profile's papers, titles escaped, in ranked order") {
  RunningServer server(fortnight_config());
  const std::string body = page(server, std::string("/?date=") + kDay);
  const Digest digest = direct_digest(kDay);
  CHECK(attribute(body, "data-day") == kDay);
  CHECK(has(body, "Tuesday 2025-03-25"));
  size_t shown = 0;
  for (const auto& pd : digest.profiles) {
    CAPTURE(pd.name);
    CHECK(has(body, "<section class=\"profile\" id=\"profile-" + pd.name + "\""));
    CHECK(has(body, "<h2>" + escaped(pd.title) + "</h2>"));
    std::vector<std::string> expected;
    for (const auto& r : pd.papers) {
      expected.push_back(r.paper.id);
      CHECK(has(body, "href=\"https://arxiv.org/abs/" + r.paper.id + "\""));
      CHECK(has(body, ">" + escaped(r.paper.title) + "</a>"));
    }
    CHECK(card_ids(body, pd.name) == expected);
    shown += pd.papers.size();
  }
  CHECK(shown > 10);
  // Each card carries the buttons of its profile and the abstract folded.
  CHECK(has(body, "data-verdict=\"like\""));
  CHECK(has(body, "<details class=\"abstract\">"));
  CHECK(has(body, "class=\"why-term\" data-field=\"title\""));

  const std::string newest = page(server, "/");
  CHECK(attribute(newest, "data-day") == "2025-03-31");
  CHECK(has(newest, "rel=\"prev\" class=\"day-prev\" href=\"/?date=2025-03-28\""));
  CHECK_FALSE(has(newest, "rel=\"next\""));
}

TEST_CASE("the coverage line gives the index's counts of the day by announce type") {
  RunningServer server(fortnight_config());
  auto reader = testing::open_fortnight();
  for (const std::string day : {"2025-03-18", kDay}) {
    CAPTURE(day);
    const std::string body = page(server, "/?date=" + day);
    auto summary = summarize_day(*reader, day);
    REQUIRE(summary.ok());
    const Digest digest = direct_digest(day);
    CHECK(attribute(body, "data-total") == std::to_string(reader->papers_on(day).value()));
    CHECK(attribute(body, "data-new") == std::to_string(summary->new_papers));
    CHECK(attribute(body, "data-cross") == std::to_string(summary->cross));
    CHECK(attribute(body, "data-updated") == std::to_string(summary->updated));
    CHECK(attribute(body, "data-matched") == std::to_string(digest.all.size()));
    CHECK(has(body, "Scanned <strong>" + std::to_string(summary->new_papers) +
                        "</strong> new and <strong>" + std::to_string(summary->cross) +
                        "</strong> cross-lists (<strong>" + std::to_string(summary->updated) +
                        "</strong> updated); <strong>" + std::to_string(digest.all.size()) +
                        "</strong> matched your profiles."));
  }
}

TEST_CASE("a day without papers says why and links to the neighbouring announcement days") {
  RunningServer server(fortnight_config());
  struct Case {
    const char* day;
    const char* message;
  };
  const Case cases[] = {
      {"2025-03-22",
       "arXiv made no announcement on Saturday 2025-03-22; the next one is "
       "<a href=\"/?date=2025-03-24\">Monday 2025-03-24</a>."},
      {"2025-03-23",
       "arXiv made no announcement on Sunday 2025-03-23; the next one is "
       "<a href=\"/?date=2025-03-24\">Monday 2025-03-24</a>."},
      {"2025-04-01",
       "No listing for Tuesday 2025-04-01 is in the index yet; the one before was "
       "<a href=\"/?date=2025-03-31\">Monday 2025-03-31</a>."},
      {"2025-03-01",
       "arXiv made no announcement on Saturday 2025-03-01; the next one is "
       "<a href=\"/?date=2025-03-18\">Tuesday 2025-03-18</a>."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.day);
    const std::string body = page(server, std::string("/?date=") + c.day);
    CHECK(has(body, "<p class=\"notice no-announcement\">" + std::string(c.message) + "</p>"));
    CHECK_FALSE(has(body, "class=\"coverage\""));
    CHECK_FALSE(has(body, "<article"));
  }
  const std::string saturday = page(server, "/?date=2025-03-22");
  CHECK(has(saturday, "rel=\"prev\" class=\"day-prev\" href=\"/?date=2025-03-21\""));
  CHECK(has(saturday, "rel=\"next\" class=\"day-next\" href=\"/?date=2025-03-24\""));
}

TEST_CASE("likes show on the digest buttons and turn into suggested terms in the editor") {
  TempDir dir;
  const ServerConfig config = private_fortnight_config(dir, "a-token-of-sixteen-chars");
  const Digest digest = direct_digest(kDay);
  const ProfileDigest* nas = nullptr;
  for (const auto& pd : digest.profiles)
    if (pd.name == "nas") nas = &pd;
  REQUIRE(nas != nullptr);
  REQUIRE(nas->papers.size() >= 3);
  {
    SystemClock clock;
    auto store = FeedbackStore::open(config.data_dir, clock);
    REQUIRE(store.ok());
    REQUIRE(store->record("nas", {nas->papers[0].paper.id, nas->papers[1].paper.id}, Grade::kLike)
                .ok());
    REQUIRE(store->set_saved("nas", {nas->papers[2].paper.id}, true).ok());
  }
  RunningServer server(config);
  const std::string body = page(server, std::string("/?date=") + kDay + "&profile=nas");
  const std::regex liked("<article class=\"paper\" data-id=\"" + nas->papers[0].paper.id +
                         "\"[^>]* data-profile=\"nas\" data-verdict=\"like\"");
  CHECK(std::regex_search(body, liked));
  CHECK(has(body, "data-profile=\"nas\" data-verdict=\"\" data-saved=\"true\""));
  CHECK(card_ids(body, "compositionality").empty());

  auto reader = PaperReader::open(config.data_dir);
  REQUIRE(reader.ok());
  auto profiles = load_or_create_profiles(config.data_dir);
  REQUIRE(profiles.ok());
  auto feedback = stored_feedback(config.data_dir);
  REQUIRE(feedback.ok());
  auto terms = suggest_terms(*reader.value(), *find_profile(profiles.value(), "nas").value(),
                             feedback.value()["nas"], 12);
  REQUIRE(terms.ok());
  REQUIRE_FALSE(terms->empty());
  const std::string editor = page(server, "/profiles/nas");
  for (const auto& t : terms.value())
    CHECK(has(editor, "<button type=\"button\" class=\"add-term\" data-term=\"" + escaped(t.label) +
                          "\">"));
}

}  // namespace arxiv
