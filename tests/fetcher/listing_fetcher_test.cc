#include "fetcher/listing_fetcher.h"

#include <doctest/doctest.h>

#include "tests/support/fake_http.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

using Groups = std::vector<std::vector<std::string>>;

PolitenessOptions quick() {
  return {std::chrono::milliseconds(0), 1, std::chrono::milliseconds(1),
          std::chrono::milliseconds(1)};
}

}  // namespace

TEST_CASE("categories are grouped into feeds that stay under the 2,000-item cap") {
  struct Case {
    std::vector<std::string> categories;
    Groups groups;
  } cases[] = {
      {{"cs.NE", "q-bio.NC"}, {{"cs.NE", "q-bio.NC"}}},
      {{"cs.LG", "cs.LG", "cs.NE"}, {{"cs.LG", "cs.NE"}}},
      {{"cs.LG", "cs.CV", "cs.AI", "cs.CL"}, {{"cs.LG"}, {"cs.CV", "cs.AI"}, {"cs.CL"}}},
      {{"cs", "cs.LG"}, {{"cs"}, {"cs.LG"}}},
      {{}, {}},
  };
  for (const auto& c : cases) CHECK(feed_groups(c.categories) == c.groups);
}

TEST_CASE("the default profiles' categories need more than one feed, and none is lost") {
  const std::vector<std::string> categories = {"cs.LG", "cs.NE",   "q-bio.NC", "cs.CL",
                                               "cs.AI", "stat.ML", "cs.CV",    "cs.CV"};
  const Groups groups = feed_groups(categories);
  CHECK(groups.size() > 1);
  std::vector<std::string> all;
  for (const auto& g : groups) all.insert(all.end(), g.begin(), g.end());
  std::sort(all.begin(), all.end());
  CHECK(all == std::vector<std::string>{"cs.AI", "cs.CL", "cs.CV", "cs.LG", "cs.NE", "q-bio.NC",
                                        "stat.ML"});
}

TEST_CASE("each feed is requested once with its categories joined by '+', and parsed") {
  testing::FakeClock clock;
  testing::FakeHttpClient http(clock);
  const std::string body =
      testing::read_file(testing::shared_data() / "replay" / "rss" / "2025-03-25.xml.gz");
  http.set_fallback([&](const std::string&) { return HttpResponse{200, body, {}}; });
  PoliteClient client(http, clock, quick());
  auto feeds =
      fetch_listing_feeds(client, "http://127.0.0.1:1/rss", {"cs.NE", "q-bio.NC", "cs.LG"});
  REQUIRE_MESSAGE(feeds.ok(), feeds.error().message);
  REQUIRE(feeds->size() == 1);
  CHECK(http.requests().front().url == "http://127.0.0.1:1/rss/cs.NE+q-bio.NC+cs.LG");
  CHECK(feeds->front().raw == body);
  CHECK(feeds->front().feed.day == "2025-03-25");
  CHECK(feeds->front().feed.papers.size() == 399);
}

TEST_CASE(
    "a feed that fails, answers an error status or does not parse fails the fetch naming its URL") {
  struct Case {
    HttpResponse response;
    ErrorCode code;
    std::string message;
  } cases[] = {
      {{500, "oops", {}}, ErrorCode::kUnavailable, "HTTP 500"},
      {{404, "missing", {}}, ErrorCode::kUnavailable, "HTTP 404"},
      {{200, "<html>maintenance</html>", {}},
       ErrorCode::kInvalidInput,
       "http://127.0.0.1:1/rss/cs.NE"},
  };
  for (const auto& c : cases) {
    testing::FakeClock clock;
    testing::FakeHttpClient http(clock);
    http.push(c.response);
    PoliteClient client(http, clock, quick());
    auto feeds = fetch_listing_feeds(client, "http://127.0.0.1:1/rss", {"cs.NE"});
    REQUIRE_FALSE(feeds.ok());
    CHECK(feeds.error().code == c.code);
    CHECK_MESSAGE(feeds.error().message.find(c.message) != std::string::npos,
                  feeds.error().message);
  }
}

}  // namespace arxiv
