// End to end: `arxiv-triage serve` shows what another process imports without a restart, and
// `serve --fetch` runs the daily fetch itself against a fake arXiv on 127.0.0.1 fed with a real
// listing, serves what it fetched, survives a failing fetch, and stops on SIGTERM without leaving
// a fetch behind.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "fetcher/announcement_calendar.h"
#include "fetcher/listing_parser.h"
#include "tests/e2e/run_cli.h"
#include "tests/e2e/serving.h"
#include "tests/support/fake_arxiv_server.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

namespace fs = std::filesystem;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// One profile on one category, so the fetch asks for exactly one feed: /rss/cs.LG.
constexpr const char* kFeedPath = "/rss/cs.LG";
void write_profiles(const fs::path& data) {
  std::ofstream(data / "profiles.toml") << R"([[profile]]
name = "learning"
title = "Machine learning"
description = "Learning from data: neural networks, training, generalization"
query = "learning OR neural OR training"
categories = ["cs.LG"]
min_score = 0.0
)";
}

// The real 2025-03-25 listing, re-dated to the listing due now (the child fetch reads the real
// clock), the form rss.arxiv.org dates listings with: "Tue, 25 Mar 2025".
std::string listing_dated(const std::string& day) {
  std::string feed = read_file(shared_data() / "replay" / "rss" / "2025-03-25.xml.gz");
  std::tm tm{};
  REQUIRE(strptime(day.c_str(), "%Y-%m-%d", &tm) != nullptr);
  const std::time_t t = timegm(&tm);
  gmtime_r(&t, &tm);  // fills in the weekday
  char dated[32];
  std::strftime(dated, sizeof dated, "%a, %d %b %Y", &tm);
  const std::string from = "Tue, 25 Mar 2025";
  REQUIRE(has(feed, from));
  for (size_t at = feed.find(from); at != std::string::npos; at = feed.find(from, at))
    feed.replace(at, from.size(), dated);
  return feed;
}

std::string due_now() {
  auto calendar = AnnouncementCalendar::make({});
  REQUIRE(calendar.ok());
  return calendar->latest_due(std::chrono::system_clock::now());
}

int status_of(const httplib::Result& r) { return r ? r->status : -1; }

nlohmann::json json_of(const httplib::Result& r) {
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), r->body);
  return j;
}

// The papers the server lists for `day` in /api/v1/days, -1 while it lists no such day.
long papers_listed(const Serving& server, const std::string& day) {
  auto r = server.get("/api/v1/days");
  if (!r || r->status != 200) return -1;
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  if (j.is_discarded()) return -1;
  for (const auto& d : j["days"]) {
    if (d["date"] == day) return d["papers"].get<long>();
  }
  return -1;
}

}  // namespace

TEST_CASE("serve --fetch fetches the due listing at start, serves it, and stops cleanly") {
  TempDir data;
  write_profiles(data.path());
  const std::string due = due_now();
  const std::string feed = listing_dated(due);
  auto parsed = parse_listing_feed(feed);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->day == due);
  std::set<std::string> feed_ids;
  for (const auto& p : parsed->papers) feed_ids.insert(p.id);
  REQUIRE_FALSE(feed_ids.empty());
  FakeArxivServer arxiv;
  arxiv.handle(kFeedPath, [feed](const ServedRequest&) { return FakeReply::ok(feed); });

  Serving server(data.path(), {"--fetch", "--rss-url", arxiv.base_url() + "/rss", "--oai-url",
                               arxiv.base_url() + "/oai", "--contact", "serve@example.org",
                               "--min-interval-ms", "10"});
  CHECK(status_of(server.get("/api/v1/healthz")) == 200);
  REQUIRE_MESSAGE(eventually([&] { return papers_listed(server, due) >= 0; }), server.err());
  CHECK(papers_listed(server, due) == static_cast<long>(feed_ids.size()));

  const auto digest = json_of(server.get("/api/v1/digest?date=" + due));
  CHECK(digest["date"] == due);
  CHECK(digest["announced"] == feed_ids.size());
  REQUIRE(digest["profiles"].size() == 1);
  CHECK(digest["profiles"][0]["name"] == "learning");
  CHECK_FALSE(digest["profiles"][0]["papers"].empty());
  for (const auto& p : digest["profiles"][0]["papers"]) CHECK(feed_ids.count(p["id"]) == 1);

  // The run is logged, the child is gone, and the next run waits for the next listing.
  REQUIRE_MESSAGE(eventually([&] { return has(server.err(), "daily fetch: done; next run at"); }),
                  server.err());
  CHECK(has(server.err(), "daily fetch: " + due + ": " + std::to_string(feed_ids.size()) +
                              " papers (" + std::to_string(feed_ids.size()) + " added"));
  CHECK(children_of(server.pid()).empty());
  const auto requests = arxiv.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].path == kFeedPath);
  CHECK(has(requests[0].user_agent, "mailto:serve@example.org"));
  CliRun status = run_cli({"--data", data.path().string(), "status"});
  CHECK(status.exit_code == 0);
  CHECK(has(status.out, due));

  CHECK(server.terminate() == 0);
  CHECK(has(server.err(), "stopped"));
  CHECK(arxiv.requests().size() == 1);
}

TEST_CASE("a failing fetch leaves the server serving and the error in the fetch status") {
  TempDir data;
  write_profiles(data.path());
  std::string dead_url;
  {
    FakeArxivServer gone;  // a loopback port nobody answers on any more
    dead_url = gone.base_url();
  }
  Serving server(data.path(), {"--fetch", "--rss-url", dead_url + "/rss", "--attempts", "1"});
  REQUIRE_MESSAGE(eventually([&] { return has(server.err(), "daily fetch: failed (exit 1)"); }),
                  server.err());
  CHECK(has(server.err(), "retry at"));
  CliRun status = run_cli({"--data", data.path().string(), "status"});
  CHECK(status.exit_code == 0);
  CHECK(has(status.out, dead_url + kFeedPath));

  CHECK_FALSE(server.exited());
  CHECK(status_of(server.get("/api/v1/healthz")) == 200);
  CHECK(children_of(server.pid()).empty());
  CHECK(server.terminate() == 0);
}

TEST_CASE("SIGTERM during a fetch stops the fetch with the server and leaves no process") {
  TempDir data;
  write_profiles(data.path());
  FakeArxivServer arxiv;
  // The feed request hangs until the test lets it go, so the fetch is mid-request at SIGTERM.
  auto release = std::make_shared<std::atomic<bool>>(false);
  arxiv.handle(kFeedPath, [release](const ServedRequest&) {
    eventually([&] { return release->load(); });
    return FakeReply::status_only(503);
  });
  Serving server(data.path(),
                 {"--fetch", "--rss-url", arxiv.base_url() + "/rss", "--attempts", "1"});
  REQUIRE_MESSAGE(eventually([&] { return !arxiv.requests().empty(); }), server.err());
  const std::set<pid_t> fetches = children_of(server.pid());
  REQUIRE(fetches.size() == 1);

  const int exit_code = server.terminate();
  release->store(true);
  CHECK_MESSAGE(exit_code == 0, server.err());
  for (pid_t fetch : fetches) CHECK((kill(fetch, 0) == -1 && errno == ESRCH));
  CHECK(has(server.err(), "daily fetch: stopped with the server"));
}

TEST_CASE("serve refuses a malformed holiday, and fetch options without --fetch, with exit 2") {
  TempDir data;
  CliRun holiday = run_cli({"--data", data.path().string(), "serve", "--listen", "127.0.0.1:0",
                            "--fetch", "--holiday", "2025-13-01"});
  CHECK(holiday.exit_code == 2);
  CHECK(has(holiday.err, "2025-13-01"));
  CliRun alone = run_cli({"--data", data.path().string(), "serve", "--listen", "127.0.0.1:0",
                          "--rss-url", "http://127.0.0.1:1/rss"});
  CHECK(alone.exit_code == 2);
  CHECK(has(alone.err, "--fetch"));
}

TEST_CASE("papers another process imports appear in the running service without a restart") {
  TempDir data;
  const fs::path replay = shared_data() / "replay" / "rss";
  REQUIRE(
      run_cli({"--data", data.path().string(), "import", (replay / "2025-03-24.xml.gz").string()})
          .exit_code == 0);
  Serving server(data.path(), {});
  REQUIRE(papers_listed(server, "2025-03-24") > 0);
  CHECK(papers_listed(server, "2025-03-25") == -1);
  auto before = server.get("/");
  REQUIRE(before);
  CHECK(has(before->body, "2025-03-24"));

  auto imported =
      run_cli({"--data", data.path().string(), "import", (replay / "2025-03-25.xml.gz").string()});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  CHECK(papers_listed(server, "2025-03-25") > 0);
  const auto digest = json_of(server.get("/api/v1/digest?date=2025-03-25"));
  CHECK(digest["announced"].get<long>() == papers_listed(server, "2025-03-25"));
  auto page = server.get("/");
  REQUIRE(page);
  CHECK(has(page->body, "Tuesday 2025-03-25"));
  CHECK(server.terminate() == 0);
}

}  // namespace arxiv::testing
