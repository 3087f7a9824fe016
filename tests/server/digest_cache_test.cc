// The digest answers kept by the server: served again while nothing changed, recomputed after an
// import, a feedback write or a profile edit (through the API or by hand), through real HTTP.
#include "server/digest_cache.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "index/feedback_store.h"
#include "index/importer.h"
#include "index/profile.h"
#include "tests/server/running_server.h"
#include "tests/support/fake_http.h"

namespace arxiv {

using nlohmann::json;
using testing::bearer;
using testing::body_of;
using testing::private_fortnight_config;
using testing::RunningServer;
using testing::TempDir;

namespace {

const std::string kToken = "test-token-0123456789abcdef";

json digest(const RunningServer& server, const std::string& query) {
  auto r = server.get("/api/v1/digest?" + query);
  REQUIRE(r);
  CHECK(r->status == 200);
  return body_of(r);
}

}  // namespace

TEST_CASE("requests for the same answer arriving at once compute it once") {
  DigestCache cache;
  const DigestCache::Sources sources{"uuid:7", 3, "profiles"};
  std::atomic<int> computed{0}, served{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      DigestCache::Claim claim;
      if (auto body = cache.find_or_claim("day", sources, claim)) {
        if (*body == "answer") ++served;
        return;
      }
      ++computed;
      // Long enough that the other threads arrive while this one computes.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      cache.put("day", sources, "answer");
    });
  }
  for (auto& t : threads) t.join();
  CHECK(computed == 1);
  CHECK(served == 15);

  SUBCASE("another request is not held up by it") {
    DigestCache::Claim claim;
    CHECK_FALSE(cache.find_or_claim("other day", sources, claim));
  }
  SUBCASE("answers of other sources are computed again") {
    DigestCache::Claim claim;
    CHECK_FALSE(cache.find_or_claim("day", {"uuid:7", 4, "profiles"}, claim));
  }
}

TEST_CASE("a claim that ends without an answer hands the computation to a waiting request") {
  DigestCache cache;
  const DigestCache::Sources sources{"uuid:7", 3, "profiles"};
  auto first = std::make_unique<DigestCache::Claim>();
  REQUIRE_FALSE(cache.find_or_claim("day", sources, *first));
  std::atomic<bool> second_claimed{false};
  std::thread second([&] {
    DigestCache::Claim claim;
    second_claimed = cache.find_or_claim("day", sources, claim) == nullptr;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  first.reset();  // the computation failed: nothing was put
  second.join();
  CHECK(second_claimed);
}

TEST_CASE("the digest cache keeps answers of one state of the sources and drops them after") {
  TempDir dir;
  const ServerConfig config = private_fortnight_config(dir, kToken);
  DigestCache cache(2);
  auto before = cache.sources(config.data_dir);
  REQUIRE(before.ok());
  CHECK_FALSE(before->index.empty());
  CHECK_FALSE(before->profiles.empty());
  cache.put("a", before.value(), "A");
  cache.put("b", before.value(), "B");
  REQUIRE(cache.find("a", before.value()));
  CHECK(*cache.find("a", before.value()) == "A");
  cache.put("c", before.value(), "C");  // over capacity: the oldest goes
  CHECK_FALSE(cache.find("a", before.value()));
  CHECK(*cache.find("c", before.value()) == "C");

  // Nothing changed: the same sources.
  auto again = cache.sources(config.data_dir);
  REQUIRE(again.ok());
  CHECK(again.value() == before.value());

  // An import moves the index revision.
  const auto day = testing::shared_data() / "replay" / "rss" / "2025-04-01.xml.gz";
  REQUIRE(import_paths(config.data_dir, {day.string()}, {}).ok());
  auto imported = cache.sources(config.data_dir);
  REQUIRE(imported.ok());
  CHECK(imported->index != before->index);
  CHECK_FALSE(cache.find("c", imported.value()));
  cache.put("c", imported.value(), "C2");
  CHECK(*cache.find("c", imported.value()) == "C2");
  CHECK_FALSE(cache.find("c", before.value()));
}

TEST_CASE("a cached digest is recomputed after an import, a feedback post and a profile edit") {
  TempDir dir;
  const ServerConfig config = private_fortnight_config(dir, kToken);
  RunningServer server(config);

  // A day the index does not hold yet is an answer too (no papers), and it is cached.
  const json empty = digest(server, "date=2025-04-01&profile=nas");
  CHECK(empty["announced"] == 0);
  CHECK(digest(server, "date=2025-04-01&profile=nas") == empty);
  const auto day = testing::shared_data() / "replay" / "rss" / "2025-04-01.xml.gz";
  REQUIRE(import_paths(config.data_dir, {day.string()}, {}).ok());
  const json imported = digest(server, "date=2025-04-01&profile=nas");
  CHECK(imported["announced"].get<int>() > 0);

  // A dismissed paper is never listed, so the cached list must go.
  const std::string day_query = "date=2025-03-25&profile=nas";
  const json papers = digest(server, day_query)["profiles"][0]["papers"];
  REQUIRE(papers.size() >= 3);
  CHECK(digest(server, day_query)["profiles"][0]["papers"] == papers);
  const std::string top = papers[0]["id"];
  auto judged = server.post("/api/v1/profiles/nas/feedback",
                            json{{"id", top}, {"verdict", "dismiss"}}.dump(), bearer(kToken));
  REQUIRE(judged);
  CHECK(judged->status == 200);
  const json dismissed = digest(server, day_query);
  for (const auto& p : dismissed["profiles"][0]["papers"]) CHECK(p["id"] != top);

  // A profile edit through the API: the new limit applies at once.
  auto edited =
      server.put("/api/v1/profiles/nas", R"({"query": "neural architecture search", "limit": 2})",
                 bearer(kToken));
  REQUIRE(edited);
  CHECK(edited->status == 200);
  CHECK(digest(server, day_query)["profiles"][0]["papers"].size() == 2);

  // And an edit of profiles.toml by hand, which the server learns only from the file.
  std::ofstream(config.data_dir / "profiles.toml", std::ios::trunc)
      << "[[profile]]\nname = \"nas\"\nquery = \"neural architecture search\"\nlimit = 1\n";
  CHECK(digest(server, day_query)["profiles"][0]["papers"].size() == 1);
}

TEST_CASE("the digest cache reads its sources in full only when one of their files changed") {
  TempDir dir;
  const ServerConfig config = private_fortnight_config(dir, kToken);
  // As the server has it once it ran: profiles.toml there (sources() would create it, a change).
  REQUIRE(load_or_create_profiles(config.data_dir).ok());
  // An hour on: every file of the fixture changed long enough ago for its stamp to be trusted.
  const testing::FakeClock clock(std::chrono::system_clock::now() + std::chrono::hours(1));
  DigestCache cache(8, &clock);
  auto first = cache.sources(config.data_dir);
  REQUIRE(first.ok());
  CHECK(cache.full_reads() == 1);
  auto again = cache.sources(config.data_dir);
  REQUIRE(again.ok());
  CHECK(again.value() == first.value());
  CHECK(cache.full_reads() == 1);

  // Each source changed by another process, which the cache learns only from the files.
  std::ofstream(config.data_dir / "profiles.toml", std::ios::app) << "\n# edited by hand\n";
  auto edited = cache.sources(config.data_dir);
  REQUIRE(edited.ok());
  CHECK(cache.full_reads() == 2);
  CHECK(edited->profiles != first->profiles);

  testing::FakeClock judged_at;
  auto store = FeedbackStore::open(config.data_dir, judged_at);
  REQUIRE(store.ok());
  // The store does not look the id up: a judgment is a new state whatever it names.
  REQUIRE(store->record("nas", {"2503.17994"}, Grade::kLike).ok());
  auto judged = cache.sources(config.data_dir);
  REQUIRE(judged.ok());
  CHECK(cache.full_reads() == 3);
  CHECK(judged->feedback != edited->feedback);

  const auto day = testing::shared_data() / "replay" / "rss" / "2025-04-01.xml.gz";
  REQUIRE(import_paths(config.data_dir, {day.string()}, {}).ok());
  auto imported = cache.sources(config.data_dir);
  REQUIRE(imported.ok());
  CHECK(cache.full_reads() == 4);
  CHECK(imported->index != judged->index);
  CHECK(cache.sources(config.data_dir).value() == imported.value());
  CHECK(cache.full_reads() == 4);
}

TEST_CASE("files changed within the margin and an invalidation make the cache read in full") {
  TempDir dir;
  const ServerConfig config = private_fortnight_config(dir, kToken);
  // The fixture was just copied: its files changed less than the margin ago.
  testing::FakeClock clock(std::chrono::system_clock::now());
  DigestCache cache(8, &clock);
  REQUIRE(cache.sources(config.data_dir).ok());
  REQUIRE(cache.sources(config.data_dir).ok());
  CHECK(cache.full_reads() == 2);

  clock.advance(std::chrono::hours(1));
  REQUIRE(cache.sources(config.data_dir).ok());  // settled now, and kept
  REQUIRE(cache.sources(config.data_dir).ok());
  CHECK(cache.full_reads() == 3);

  cache.invalidate();
  REQUIRE(cache.sources(config.data_dir).ok());
  REQUIRE(cache.sources(config.data_dir).ok());
  CHECK(cache.full_reads() == 4);
}

}  // namespace arxiv
