// End to end: `arxiv-triage fetch` against a fake arXiv on 127.0.0.1, fed with real captures.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "fetcher/announcement_calendar.h"
#include "fetcher/listing_fetcher.h"
#include "fetcher/oai_parser.h"
#include "tests/e2e/kill_run.h"
#include "tests/e2e/replay_feeds.h"
#include "tests/e2e/run_cli.h"
#include "tests/support/fake_arxiv_server.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr size_t kReplayPapers = 399;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The categories of the default profiles, as a fresh data dir writes them to profiles.toml
// (`digest` creates that file before it finds there is no index).
std::vector<std::string> default_categories(const fs::path& data) {
  run_cli({"--data", data.string(), "digest"});
  std::ifstream in(data / "profiles.toml");
  REQUIRE(in);
  std::vector<std::string> categories;
  const std::regex quoted("\"([^\"]+)\"");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("categories = [", 0) != 0) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), quoted), end; it != end; ++it) {
      if (std::find(categories.begin(), categories.end(), (*it)[1]) == categories.end())
        categories.push_back((*it)[1]);
    }
  }
  REQUIRE_FALSE(categories.empty());
  return categories;
}

// The feed paths fetch asks for with the default profiles.
std::vector<std::string> feed_paths(const fs::path& data) {
  std::vector<std::string> paths;
  for (const auto& group : feed_groups(default_categories(data))) {
    std::string joined;
    for (const auto& c : group) joined += (joined.empty() ? "" : "+") + c;
    paths.push_back("/rss/" + joined);
  }
  return paths;
}

void serve_on(FakeArxivServer& server, const std::vector<std::string>& paths, FakeReply reply) {
  for (const auto& p : paths) server.handle(p, [reply](const ServedRequest&) { return reply; });
}

CliRun fetch(const fs::path& data, const FakeArxivServer& server,
             std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--data", data.string(), "fetch"};
  for (std::string service : {"rss", "oai"})
    args.insert(args.end(), {"--" + service + "-url", server.base_url() + "/" + service});
  args.insert(args.end(), extra.begin(), extra.end());
  return run_cli(args);
}

nlohmann::json json_of(const CliRun& run) {
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  auto j = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), run.out);
  return j;
}

int announced_on(const fs::path& data, const std::string& day) {
  return json_of(
      run_cli({"--data", data.string(), "digest", "--date", day, "--format", "json"}))["announced"];
}

using Versions = std::set<std::pair<std::string, int>>;

Versions stored_versions(const fs::path& data) {
  auto j =
      json_of(run_cli({"--data", data.string(), "search", "--limit", "10000", "--format", "json"}));
  Versions out;
  for (const auto& p : j["papers"]) out.emplace(p["id"], p["version"]);
  CHECK(j["total"] == out.size());
  return out;
}

// Pages of 25 real oai_dc records in an OAI-PMH envelope, chained by tokens p1, p2, ...
std::vector<std::string> oai_pages() {
  const std::string dump = read_file(shared_data() / "corpus" / "oai-records" /
                                     "rocksonchang_quant-ph_oai_dc_2000records.xml.gz");
  std::vector<std::string> records;
  // The dump holds its 1000 records twice.
  for (size_t at = dump.find("<record>"); at != std::string::npos && records.size() < 1000;
       at = dump.find("<record>", at + 1)) {
    const size_t end = dump.find("</record>", at);
    REQUIRE(end != std::string::npos);
    records.push_back(dump.substr(at, end + 9 - at));
  }
  REQUIRE(records.size() == 1000);
  constexpr size_t kPerPage = 25;
  const size_t count = records.size() / kPerPage;
  std::vector<std::string> pages;
  for (size_t k = 0; k < count; ++k) {
    std::string page =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ "
        "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n"
        "<responseDate>2025-06-02T10:00:00Z</responseDate>\n";
    page += k == 0
                ? "<request verb=\"ListRecords\" metadataPrefix=\"oai_dc\" from=\"2025-01-01\">"
                : "<request verb=\"ListRecords\" resumptionToken=\"p" + std::to_string(k) + "\">";
    page += "http://export.arxiv.org/oai2</request>\n<ListRecords>\n";
    for (size_t r = k * kPerPage; r < (k + 1) * kPerPage; ++r) page += records[r] + "\n";
    page += "<resumptionToken cursor=\"" + std::to_string(k * kPerPage) +
            "\" completeListSize=\"1000\">" + (k + 1 < count ? "p" + std::to_string(k + 1) : "") +
            "</resumptionToken>\n</ListRecords>\n</OAI-PMH>\n";
    pages.push_back(std::move(page));
  }
  return pages;
}

// Every set gets the same chain; an unknown token is answered as arXiv does.
void serve_oai(FakeArxivServer& server, const std::vector<std::string>& pages) {
  server.handle("/oai", [pages](const ServedRequest& r) {
    auto param = [&](const std::string& key) {
      auto it = r.params.find(key);
      return it == r.params.end() ? std::string() : it->second;
    };
    if (param("verb") != "ListRecords") return FakeReply::status_only(400);
    const std::string token = param("resumptionToken");
    if (token.empty() && !param("set").empty()) return FakeReply::ok(pages[0]);
    for (size_t k = 1; k < pages.size(); ++k) {
      if (token == "p" + std::to_string(k)) return FakeReply::ok(pages[k]);
    }
    return FakeReply::ok(
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><error "
        "code=\"badResumptionToken\">unknown token</error></OAI-PMH>");
  });
}

std::vector<std::string> backfill_args(const fs::path& data, const FakeArxivServer& server,
                                       int min_interval_ms) {
  std::vector<std::string> args = {"--data", data.string(), "fetch", "--backfill"};
  args.insert(args.end(), {"--from", "2025-01-01", "--oai-url", server.base_url() + "/oai"});
  args.insert(args.end(), {"--min-interval-ms", std::to_string(min_interval_ms)});
  return args;
}

// The smallest gap between consecutive requests [first, last) of the server's log.
milliseconds min_gap(const FakeArxivServer& server, size_t first, size_t last) {
  const auto gaps = server.gaps();
  milliseconds smallest = milliseconds::max();
  for (size_t i = first; i + 1 < last && i < gaps.size(); ++i)
    smallest = std::min(smallest, gaps[i]);
  return smallest;
}

}  // namespace

TEST_CASE("a daily fetch ingests the due listing once, politely, and a second fetch does nothing") {
  TempDir data;
  FakeArxivServer server;
  const std::string due = due_listing_day();
  const auto paths = feed_paths(data.path());
  const std::string feed = replay_listing_dated("2025-03-25", due);
  serve_on(server, paths, FakeReply::ok(feed));

  CliRun run =
      fetch(data.path(), server, {"--min-interval-ms", "100", "--contact", "test@example.org"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(has(run.out, due + ": 399 papers (399 added, 0 updated, 0 unchanged)"));
  CHECK(announced_on(data.path(), due) == kReplayPapers);

  const auto requests = server.requests();
  REQUIRE(requests.size() == paths.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    CHECK(requests[i].path == paths[i]);
    CHECK(has(requests[i].user_agent, "mailto:test@example.org"));
  }
  // Arrival times on the server jitter by a few milliseconds around the client-side floor.
  for (auto gap : server.gaps()) CHECK(gap >= milliseconds(75));

  CliRun status = run_cli({"--data", data.path().string(), "status"});
  CHECK(status.exit_code == 0);
  CHECK(has(status.out, due));
  const auto raw = files_under(data.path() / "raw" / "rss", ".xml.gz");
  REQUIRE(raw.size() == paths.size());
  for (const auto& f : raw) CHECK(read_file(f) == feed);

  CliRun again = fetch(data.path(), server, {"--min-interval-ms", "100"});
  CHECK(again.exit_code == 0);
  CHECK(has(again.out, "nothing due"));
  CHECK(server.requests().size() == paths.size());
}

TEST_CASE("a feed not yet advanced to the due day is stale: exit 75, recorded, nothing stored") {
  TempDir data;
  FakeArxivServer server;
  const std::string due = due_listing_day();
  const std::string before = AnnouncementCalendar::make({})->previous_listing_day(due);
  REQUIRE_FALSE(before.empty());
  // An existing index, so the digest below can tell an empty day from a missing index.
  const auto replay = shared_data() / "replay" / "rss" / "2025-03-25.xml.gz";
  REQUIRE(run_cli({"--data", data.path().string(), "import", replay.string()}).exit_code == 0);
  serve_on(server, feed_paths(data.path()),
           FakeReply::ok(replay_listing_dated("2025-03-25", before)));

  CliRun run = fetch(data.path(), server, {"--min-interval-ms", "10"});
  CHECK_MESSAGE(run.exit_code == 75, run.err);
  CHECK(has(run.out, "stale: the feed is still dated " + before));
  CliRun status = run_cli({"--data", data.path().string(), "status"});
  CHECK(status.exit_code == 0);
  CHECK(has(status.out,
            "stale: the feed is dated " + before + ", the listing of " + due + " is due"));
  CHECK(announced_on(data.path(), due) == 0);
  CHECK(announced_on(data.path(), before) == 0);
  CHECK(announced_on(data.path(), "2025-03-25") == kReplayPapers);
}

TEST_CASE("a service answering 503 fails after the allowed attempts, naming the URL") {
  TempDir data;
  FakeArxivServer server;
  const auto paths = feed_paths(data.path());
  serve_on(server, paths, FakeReply::status_only(503, {{"Retry-After", "0"}}));

  CliRun run = fetch(data.path(), server, {"--attempts", "2", "--min-interval-ms", "300"});
  CHECK(run.exit_code == 1);
  CHECK(has(run.err, server.base_url() + paths[0]));
  CHECK(has(run.err, "2 attempt(s)"));
  CHECK(server.requests().size() == 2);
  for (auto gap : server.gaps()) CHECK(gap >= milliseconds(250));

  CliRun search = run_cli({"--data", data.path().string(), "search", "--format", "json"});
  if (search.exit_code == 0) {
    CHECK(json_of(search)["total"] == 0);
  } else {
    CHECK(has(search.err, "no index"));
  }
  CHECK_FALSE(fs::exists(data.path() / "raw"));
  CliRun status = run_cli({"--data", data.path().string(), "status"});
  CHECK(has(status.out, "503"));
}

TEST_CASE("a backfill harvests every page of every set and resumes where it was killed") {
  const auto pages = oai_pages();
  std::set<std::string> expected_ids;
  for (const auto& page : pages) {
    auto parsed = parse_oai_response(page);
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
    for (const auto& paper : parsed->papers) expected_ids.insert(paper.id);
  }
  REQUIRE(expected_ids.size() > 900);
  FakeArxivServer server;
  serve_oai(server, pages);

  TempDir a;
  const size_t sets = default_categories(a.path()).size();
  CliRun full = run_cli(backfill_args(a.path(), server, 50));
  REQUIRE_MESSAGE(full.exit_code == 0, full.err);
  const std::string pages_line = std::to_string(sets * pages.size()) + " pages";
  CHECK(has(full.out, "backfill from 2025-01-01: " + std::to_string(sets) +
                          " sets harvested (0 already done), " + pages_line));
  const size_t papers = sets * 1000;
  CHECK(has(full.out, std::to_string(papers) + " papers (" + std::to_string(expected_ids.size()) +
                          " added, 0 updated, " + std::to_string(papers - expected_ids.size()) +
                          " unchanged)"));
  const Versions in_a = stored_versions(a.path());
  std::set<std::string> ids_a;
  for (const auto& [id, version] : in_a) ids_a.insert(id);
  CHECK(ids_a == expected_ids);
  const auto after_a = server.requests();
  CHECK(after_a.size() == sets * pages.size());
  std::set<std::string> asked_sets;
  for (const auto& r : after_a) {
    if (r.params.count("set")) {
      asked_sets.insert(r.params.at("set"));
      CHECK(r.params.at("from") == "2025-01-01");
    }
  }
  CHECK(asked_sets.size() == sets);
  CHECK(asked_sets.count("cs:cs:LG"));
  CHECK(min_gap(server, 0, after_a.size()) >= milliseconds(30));

  TempDir b;
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> delay(100, 1500);
  for (int kill_round = 0; kill_round < 4; ++kill_round) {
    const size_t first = server.requests().size();
    const int after_ms = delay(rng);
    CAPTURE(after_ms);
    pid_t pid = spawn_cli(backfill_args(b.path(), server, 50));
    std::this_thread::sleep_for(milliseconds(after_ms));
    kill(pid, SIGKILL);
    int wstatus = 0;
    REQUIRE(waitpid(pid, &wstatus, 0) == pid);
    // A request the child sent just before dying still reaches the log of its own run.
    std::this_thread::sleep_for(milliseconds(50));
    CHECK(min_gap(server, first, server.requests().size()) >= milliseconds(30));
  }
  const size_t before_final = server.requests().size();
  CliRun final_run = run_cli(backfill_args(b.path(), server, 50));
  REQUIRE_MESSAGE(final_run.exit_code == 0, final_run.err);
  CHECK(min_gap(server, before_final, server.requests().size()) >= milliseconds(30));
  // The killed runs (at most 6 s of a run of at least 12 s) left work behind, and the final run
  // picked up after it instead of starting over.
  const size_t final_pages = server.requests().size() - before_final;
  CHECK(final_pages > 0);
  CHECK(final_pages < sets * pages.size());
  CHECK(has(final_run.out, std::to_string(final_pages) + " pages"));
  CHECK(stored_versions(b.path()) == in_a);

  const size_t before_rerun = server.requests().size();
  CliRun rerun = run_cli(backfill_args(b.path(), server, 50));
  CHECK(rerun.exit_code == 0);
  CHECK(has(rerun.out, "0 sets harvested (" + std::to_string(sets) + " already done), 0 pages"));
  CHECK(server.requests().size() == before_rerun);
}

TEST_CASE("a backfill without a valid --from day is refused with exit 2 before any request") {
  TempDir data;
  FakeArxivServer server;
  CliRun missing = fetch(data.path(), server, {"--backfill", "--min-interval-ms", "10"});
  CHECK(missing.exit_code == 2);
  CHECK(has(missing.err, "--backfill needs --from YYYY-MM-DD"));

  CliRun bad = fetch(data.path(), server, {"--backfill", "--from", "2025-13-01"});
  CHECK(bad.exit_code == 2);
  CHECK(has(bad.err, "not a date: '2025-13-01'"));

  CliRun bad_until =
      fetch(data.path(), server, {"--backfill", "--from", "2025-01-01", "--until", "2025-02-30"});
  CHECK(bad_until.exit_code == 2);
  CHECK(has(bad_until.err, "'2025-02-30'"));
  CHECK(server.requests().empty());
}

}  // namespace arxiv::testing
