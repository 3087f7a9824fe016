// End to end: a researcher imports a few days of real listings and asks for the papers most like
// one of them, as JSON and as text, through the real binary.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/run_cli.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

// 2025-03-24 .. 2025-03-26 of the replay (2503.17994 was announced on the 25th), imported once.
const std::filesystem::path& imported() {
  static TempDir dir;
  static bool done = [] {
    std::vector<std::string> args = {"--data", dir.path().string(), "import"};
    for (const auto& f : replay_files("2025-03-24", "2025-03-26")) args.push_back(f);
    REQUIRE(args.size() == 6);
    CliRun run = run_cli(args);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    return true;
  }();
  (void)done;
  return dir.path();
}

CliRun similar(std::vector<std::string> args) {
  args.insert(args.begin(), {"--data", imported().string(), "similar"});
  return run_cli(args);
}

nlohmann::json json_of(const CliRun& run) {
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  auto j = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), run.out);
  return j;
}

std::set<std::string> keys_of(const nlohmann::json& object) {
  std::set<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.insert(it.key());
  return keys;
}

}  // namespace

TEST_CASE("similar --format json lists papers shaped like search results, never the paper itself") {
  auto j = json_of(similar({"2503.17994", "--limit", "5", "--format", "json"}));
  CHECK(keys_of(j) == std::set<std::string>{"id", "title", "terms", "papers"});
  CHECK(j["id"] == "2503.17994");
  CHECK(j["title"].get<std::string>().find("Architecture Search") != std::string::npos);
  CHECK_FALSE(j["terms"].empty());
  REQUIRE(j["papers"].size() == 5);

  auto search = json_of(run_cli({"--data", imported().string(), "search", "architecture", "--limit",
                                 "1", "--format", "json"}));
  REQUIRE(search["papers"].size() == 1);
  const auto paper_keys = keys_of(search["papers"][0]);
  const std::set<std::string> terms(j["terms"].begin(), j["terms"].end());
  double previous = 1e300;
  for (const auto& paper : j["papers"]) {
    CAPTURE(paper.dump());
    CHECK(keys_of(paper) == paper_keys);
    CHECK(paper["id"] != "2503.17994");
    CHECK(paper["score"].get<double>() <= previous);
    previous = paper["score"].get<double>();
    CHECK_FALSE(paper["matched"].empty());
    for (const auto& word : paper["matched"]) CHECK(terms.count(word.get<std::string>()) == 1);
  }
}

TEST_CASE("similar in text names the paper and its words, then numbers the papers with reasons") {
  CliRun run = similar({"arXiv:2503.17994v1", "--limit", "3"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(run.out.find("Papers like arXiv:2503.17994: ") == 0);
  CHECK(run.out.find("its words: ") != std::string::npos);
  CHECK(run.out.find("  1. ") != std::string::npos);
  CHECK(run.out.find("  3. ") != std::string::npos);
  CHECK(run.out.find("  4. ") == std::string::npos);
  CHECK(run.out.find("why: ") != std::string::npos);
  CHECK(run.err.empty());
}

TEST_CASE("similar with a day range lists only papers of those days") {
  auto all = json_of(run_cli({"--data", imported().string(), "search", "--from", "2025-03-26",
                              "--to", "2025-03-26", "--limit", "1000", "--format", "json"}));
  std::set<std::string> of_the_day;
  for (const auto& paper : all["papers"]) of_the_day.insert(paper["id"].get<std::string>());
  REQUIRE(of_the_day.size() > 10);
  auto j = json_of(
      similar({"2503.17994", "--from", "2025-03-26", "--to", "2025-03-26", "--format", "json"}));
  CHECK(j["papers"].size() == 10);
  for (const auto& paper : j["papers"]) CHECK(of_the_day.count(paper["id"].get<std::string>()));
}

TEST_CASE("similar with a bad or unknown id exits 2 with a message on stderr") {
  TempDir empty;
  struct Case {
    std::vector<std::string> args;
    std::string message;
  } cases[] = {
      {{"2501.99999"}, "no paper 2501.99999 in the index"},
      {{"banana"}, "not an arXiv id: 'banana'"},
      {{}, "id"},
      {{"2503.17994", "--from", "2025-02-30"}, "not a date"},
      {{"2503.17994", "--from", "2025-03-26", "--to", "2025-03-24"}, "before"},
      {{"2503.17994", "--limit", "0"}, "limit"},
      {{"2503.17994", "--format", "xml"}, "xml"},
  };
  for (const auto& c : cases) {
    CliRun run = similar(c.args);
    CAPTURE(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.find(c.message) != std::string::npos);
  }
  CliRun no_index = run_cli({"--data", empty.path().string(), "similar", "2503.17994"});
  CHECK(no_index.exit_code == 2);
  CHECK(no_index.err.find("import") != std::string::npos);
}

}  // namespace arxiv::testing
