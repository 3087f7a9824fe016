// End to end: a researcher imports three weeks of real listings and reads digests and searches
// through the real binary.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/run_cli.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

// 2025-03-18 .. 2025-04-08 of the replay: 18 listings (two empty Saturdays), 3,706 papers.
std::vector<std::string> three_weeks() { return replay_files("2025-03-18", "2025-04-08"); }

// One imported data directory shared by the scenarios below.
const std::filesystem::path& imported() {
  static TempDir dir;
  static bool done = [] {
    std::vector<std::string> args = {"--data", dir.path().string(), "import"};
    for (const auto& f : three_weeks()) args.push_back(f);
    CliRun run = run_cli(args);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    return true;
  }();
  (void)done;
  return dir.path();
}

nlohmann::json json_of(const CliRun& run) {
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  auto j = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), run.out);
  return j;
}

const std::set<std::string> kPaperKeys = {
    "id", "version", "title", "authors", "categories", "announce_type", "score", "matched", "why"};

}  // namespace

TEST_CASE("import prints a summary, and importing the same files again changes nothing") {
  TempDir dir;
  std::vector<std::string> args = {"--data", dir.path().string(), "import"};
  auto files = three_weeks();
  REQUIRE(files.size() == 18);
  args.insert(args.end(), files.begin(), files.begin() + 4);
  CliRun first = run_cli(args);
  CHECK_MESSAGE(first.exit_code == 0, first.err);
  CHECK(first.out.find("files read:     4") != std::string::npos);
  CHECK(first.out.find("914 added, 0 updated, 0 unchanged") != std::string::npos);
  CHECK(first.err.empty());  // no progress line when stderr is not a terminal

  CliRun second = run_cli(args);
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("4 more already imported, skipped") != std::string::npos);
  CHECK(second.out.find("0 added, 0 updated, 0 unchanged") != std::string::npos);

  args.push_back("--force");
  CliRun forced = run_cli(args);
  CHECK(forced.exit_code == 0);
  CHECK(forced.out.find("0 added, 0 updated, 914 unchanged") != std::string::npos);
}

TEST_CASE("the JSON digest has the documented shape and the five default profiles") {
  auto j = json_of(run_cli(
      {"--data", imported().string(), "digest", "--date", "2025-03-25", "--format", "json"}));
  CHECK(j["date"] == "2025-03-25");
  CHECK(j["announced"] == 399);
  std::vector<std::string> names;
  for (const auto& p : j["profiles"]) names.push_back(p["name"]);
  CHECK(names == std::vector<std::string>{"nas", "compositionality", "theoretical-neuroscience",
                                          "disentanglement", "sparse-modular"});
  bool any_paper = false;
  for (const auto& p : j["profiles"]) {
    CHECK(p["papers"].size() <= 10);
    for (const auto& paper : p["papers"]) {
      any_paper = true;
      std::set<std::string> keys;
      for (auto it = paper.begin(); it != paper.end(); ++it) keys.insert(it.key());
      CHECK(keys == kPaperKeys);
      CHECK(paper["score"].is_number());
      CHECK(paper["version"].is_number_integer());
      CHECK_FALSE(paper["matched"].empty());
      const auto& why = paper["why"];
      CHECK(why["terms"].size() == paper["matched"].size());
      for (const auto& t : why["terms"]) {
        CHECK(std::set<std::string>{"title", "abstract", "author"}.count(t["field"]) == 1);
      }
      CHECK(why["learned"].empty());  // no feedback given
      CHECK(why["nearest_liked"].is_null());
      CHECK(why["scores"]["feedback"] == 0);
      CHECK(why["scores"]["profile"].get<double>() > 0);
    }
  }
  CHECK(any_paper);
  // The all-profiles view: each paper once, naming every profile whose list holds it.
  std::map<std::string, std::set<std::string>> listed_by;
  for (const auto& p : j["profiles"]) {
    for (const auto& paper : p["papers"]) listed_by[paper["id"]].insert(p["name"]);
  }
  CHECK(j["all"].size() == listed_by.size());
  for (const auto& paper : j["all"]) {
    CAPTURE(paper["id"]);
    std::vector<std::string> profiles = paper["profiles"];
    CHECK(std::set<std::string>(profiles.begin(), profiles.end()) == listed_by[paper["id"]]);
  }
  std::set<std::string> nas_ids;
  for (const auto& paper : j["profiles"][0]["papers"]) nas_ids.insert(paper["id"]);
  CHECK(nas_ids.count("2503.17994"));
  CHECK(nas_ids.count("2503.18646"));
}

TEST_CASE("without --date the digest shows the newest announcement day") {
  auto j = json_of(run_cli({"--data", imported().string(), "digest", "--format", "json"}));
  CHECK(j["date"] == "2025-04-08");
  CHECK(j["announced"].get<int>() > 0);
}

TEST_CASE("a day without an announcement says so in JSON and in text") {
  auto j = json_of(run_cli(
      {"--data", imported().string(), "digest", "--date", "2025-03-22", "--format", "json"}));
  CHECK(j["announced"] == 0);
  for (const auto& p : j["profiles"]) CHECK(p["papers"].empty());
  CliRun text = run_cli({"--data", imported().string(), "digest", "--date", "2025-03-22"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("no announcement") != std::string::npos);
}

TEST_CASE("the text digest for one profile shows ranked papers with their reasons") {
  CliRun run = run_cli({"--data", imported().string(), "digest", "--date", "2025-03-25",
                        "--profile", "nas", "--limit", "3"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(run.out.find("arXiv digest for 2025-03-25: 399 papers announced") != std::string::npos);
  CHECK(run.out.find("== nas") != std::string::npos);
  CHECK(run.out.find("== compositionality") == std::string::npos);
  CHECK(run.out.find("  1. ") != std::string::npos);
  CHECK(run.out.find("  3. ") != std::string::npos);
  CHECK(run.out.find("  4. ") == std::string::npos);
  CHECK(run.out.find("why: ") != std::string::npos);
}

TEST_CASE("search ranks by text within a date range and lists a range newest first") {
  auto j =
      json_of(run_cli({"--data", imported().string(), "search", "mixture of experts", "--from",
                       "2025-03-24", "--to", "2025-04-04", "--limit", "5", "--format", "json"}));
  CHECK(j["total"].get<int>() >= 5);
  CHECK(j["papers"].size() == 5);
  for (const auto& paper : j["papers"]) {
    std::set<std::string> keys;
    for (auto it = paper.begin(); it != paper.end(); ++it) keys.insert(it.key());
    CHECK(keys == kPaperKeys);
  }
  auto listing = json_of(run_cli({"--data", imported().string(), "search", "--from", "2025-03-27",
                                  "--to", "2025-03-28", "--limit", "400", "--format", "json"}));
  CHECK(listing["total"] == 169 + 199);
  CHECK(listing["papers"].size() == 169 + 199);

  auto by_profile = json_of(run_cli({"--data", imported().string(), "search", "--profile",
                                     "sparse-modular", "--limit", "3", "--format", "json"}));
  CHECK(by_profile["papers"].size() == 3);
}

TEST_CASE("the data directory can come from ARXIV_TRIAGE_DATA") {
  auto j =
      json_of(run_cli({"digest", "--date", "2025-03-25", "--profile", "nas", "--format", "json"},
                      {{"ARXIV_TRIAGE_DATA", imported().string()}}));
  CHECK(j["announced"] == 399);
}

TEST_CASE("bad input gives a clear message and a non-zero exit, never a crash") {
  TempDir empty;
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  } cases[] = {
      {{"--data", imported().string(), "digest", "--date", "2025-13-01"}, 2, "not a date"},
      {{"--data", imported().string(), "digest", "--profile", "astrology"}, 2, "astrology"},
      {{"--data", imported().string(), "digest", "--format", "xml"}, 2, "xml"},
      {{"--data", imported().string(), "search", "--from", "yesterday"}, 2, "not a date"},
      {{"--data", imported().string(), "search", "neural AND OR ("}, 2, "Syntax"},
      {{"--data", empty.path().string(), "digest"}, 2, "import"},
      {{"--data", imported().string(), "frobnicate"}, 2, "frobnicate"},
      {{"--data", imported().string()}, 2, "no command given"},
  };
  for (const auto& c : cases) {
    CliRun run = run_cli(c.args);
    CHECK_MESSAGE(run.exit_code == c.exit_code, c.args.back() << ": " << run.err);
    CHECK_MESSAGE(run.err.find(c.message) != std::string::npos, c.args.back() << ": " << run.err);
  }
}

TEST_CASE("importing a missing file reports it, imports the rest and exits with 3") {
  TempDir dir;
  const auto files = three_weeks();
  CliRun run = run_cli(
      {"--data", dir.path().string(), "import", files[0], (dir.path() / "nope.xml").string()});
  CHECK(run.exit_code == 3);
  CHECK(run.out.find("328 added") != std::string::npos);
  CHECK(run.out.find("nope.xml: no such file or directory") != std::string::npos);
}

TEST_CASE("a broken profiles file is named with its line, and the index is untouched") {
  TempDir dir;
  const auto files = three_weeks();
  REQUIRE(run_cli({"--data", dir.path().string(), "import", files[0]}).exit_code == 0);
  CliRun first = run_cli({"--data", dir.path().string(), "digest", "--format", "json"});
  REQUIRE(first.exit_code == 0);
  REQUIRE(std::filesystem::exists(dir.path() / "profiles.toml"));
  {
    std::ofstream out(dir.path() / "profiles.toml");
    out << "[[profile]]\nname = \"nas\"\nquery = \"neural\"\nlimit = \"ten\"\n";
  }
  CliRun broken = run_cli({"--data", dir.path().string(), "digest"});
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("profiles.toml:4") != std::string::npos);
  CHECK(broken.err.find("limit") != std::string::npos);
  CliRun search =
      run_cli({"--data", dir.path().string(), "search", "--limit", "1", "--format", "json"});
  CHECK(json_of(search)["total"] == 328);
}

}  // namespace arxiv::testing
