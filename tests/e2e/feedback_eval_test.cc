// End to end: a researcher imports a fortnight of real listings, teaches a profile with likes,
// dismissals and a judgment file, and measures the ranking against the shared dev judgments.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/e2e/run_cli.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

const std::string kNasLabels = (shared_eval() / "labels-dev" / "nas.tsv").string();

// 2025-03-18 .. 2025-03-31 of the replay, imported once; scenarios that write copy it first.
const std::filesystem::path& imported() {
  static TempDir dir;
  static bool done = [] {
    std::vector<std::string> args = {"--data", dir.path().string(), "import"};
    for (const auto& f : replay_files("2025-03-18", "2025-03-31")) args.push_back(f);
    CliRun run = run_cli(args);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    return true;
  }();
  (void)done;
  return dir.path();
}

struct DataDir {
  TempDir dir;
  DataDir() {
    std::filesystem::copy(imported(), dir.path(), std::filesystem::copy_options::recursive);
  }
  CliRun run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--data", dir.path().string()});
    return run_cli(args);
  }
  nlohmann::json listed(const std::string& profile) const {
    CliRun list = run({"feedback", "list", "--profile", profile, "--format", "json"});
    REQUIRE_MESSAGE(list.exit_code == 0, list.err);
    return nlohmann::json::parse(list.out);
  }
};

}  // namespace

TEST_CASE("likes, dismissals and neutral marks are stored, listed as JSON and can change") {
  DataDir data;
  CliRun first = data.run({"feedback", "--profile", "nas", "--like", "2503.18646", "2503.21061v2",
                           "--dismiss", "arXiv:2503.21999", "--neutral", "2512.23273"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(first.out == "nas: 2 liked, 1 dismissed, 1 neutral\n");
  CHECK(first.err.find("1 of 4 papers are not in the index yet") != std::string::npos);

  auto j = data.listed("nas");
  CHECK(j["profile"] == "nas");
  CHECK(j["revision"] == 1);
  REQUIRE(j["judgments"].size() == 4);
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& row : j["judgments"]) by_id[row["id"]] = row;
  CHECK(by_id.at("2503.18646")["judgment"] == "like");
  CHECK(by_id.at("2503.18646")["grade"] == 2);
  CHECK(by_id.at("2503.21061")["grade"] == 2);
  CHECK(by_id.at("2503.21999")["judgment"] == "dismiss");
  CHECK(by_id.at("2512.23273")["judgment"] == "neutral");
  CHECK(by_id.at("2503.18646")["title"].get<std::string>().find("ZeroLM") != std::string::npos);
  CHECK(by_id.at("2512.23273")["title"].is_null());
  CHECK(data.listed("compositionality")["judgments"].empty());

  CliRun changed = data.run({"feedback", "--profile", "nas", "--dismiss", "2503.18646"});
  REQUIRE(changed.exit_code == 0);
  CHECK(changed.err.empty());
  j = data.listed("nas");
  CHECK(j["revision"] == 2);
  CHECK(j["judgments"].size() == 4);
  CHECK(j["judgments"][0]["id"] == "2503.18646");  // newest first
  CHECK(j["judgments"][0]["judgment"] == "dismiss");

  CliRun text = data.run({"feedback", "list", "--profile", "nas"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("nas: 4 judgments") != std::string::npos);
  CHECK(text.out.find("(not in the index)") != std::string::npos);
}

TEST_CASE("a real judgment file imports whole; a damaged copy exits 2 and stores nothing") {
  DataDir data;
  const auto lines = lines_of(read_file(kNasLabels));
  size_t grades[3] = {0, 0, 0};
  for (const auto& line : lines) ++grades[line.at(line.find('\t') + 1) - '0'];

  auto damaged = lines;
  damaged[39] = damaged[39].substr(0, damaged[39].find('\t')) + "\t5\tdamaged";
  const auto bad_path = data.dir.path() / "nas.tsv";
  {
    std::ofstream out(bad_path);
    for (const auto& line : damaged) out << line << "\n";
  }
  CliRun bad = data.run({"feedback", "import", "--profile", "nas", bad_path.string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("nas.tsv:40: grade must be 0, 1 or 2 (got '5')") != std::string::npos);
  CHECK(data.listed("nas")["judgments"].empty());

  CliRun good = data.run({"feedback", "import", "--profile", "nas", kNasLabels});
  REQUIRE_MESSAGE(good.exit_code == 0, good.err);
  CHECK(good.out == "nas: " + std::to_string(grades[2]) + " liked, " + std::to_string(grades[0]) +
                        " dismissed, " + std::to_string(grades[1]) + " neutral\n");
  CHECK(good.err.find(" of " + std::to_string(lines.size()) + " papers are not in the index yet") !=
        std::string::npos);
  auto j = data.listed("nas");
  CHECK(j["judgments"].size() == lines.size());
  CHECK(j["revision"] == 1);
}

TEST_CASE("bad feedback commands exit 2 with a clear message and store nothing") {
  DataDir data;
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"feedback", "--profile", "astrology", "--like", "2503.18646"}, "no profile named"},
      {{"feedback", "--profile", "nas", "--like", "2503.18646", "2503.1"}, "'2503.1'"},
      {{"feedback", "--profile", "nas"}, "nothing to record"},
      {{"feedback", "--like", "2503.18646"}, "--profile"},
      {{"feedback", "--profile", "nas", "--like", "2503.18646", "--dismiss", "2503.18646v1"},
       "more than once"},
      {{"feedback", "import", "--profile", "nas", "/nonexistent/nas.tsv"}, "nas.tsv"},
      {{"feedback", "import", "--profile", "astrology", kNasLabels}, "no profile named"},
      {{"feedback", "import", kNasLabels}, "--profile"},
      {{"feedback", "--like", "2503.18646", "import", "--profile", "nas", kNasLabels},
       "cannot be combined"},
      {{"feedback", "list", "--profile", "nas", "--format", "xml"}, "xml"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message);
    CliRun run = data.run(c.args);
    CHECK_MESSAGE(run.exit_code == 2, run.err);
    CHECK_MESSAGE(run.err.find(c.message) != std::string::npos, run.err);
  }
  auto j = data.listed("nas");
  CHECK(j["judgments"].empty());
  CHECK(j["revision"] == 0);
}

TEST_CASE("eval prints the three runs and leaves the researcher's feedback as it was") {
  DataDir data;
  const std::string labels = (shared_eval() / "labels-dev").string();
  const std::vector<std::string> split = {"eval",       "--labels",   labels,       "--from",
                                          "2025-03-25", "--to",       "2025-03-31", "--train-from",
                                          "2025-03-18", "--train-to", "2025-03-24"};
  CliRun untouched = data.run(split);
  REQUIRE_MESSAGE(untouched.exit_code == 0, untouched.err);
  CHECK_FALSE(std::filesystem::exists(data.dir.path() / "feedback.sqlite"));

  REQUIRE(data.run({"feedback", "--profile", "nas", "--dismiss", "2503.18646"}).exit_code == 0);
  const std::string before = read_file(data.dir.path() / "feedback.sqlite");
  CliRun text = data.run(split);
  REQUIRE_MESSAGE(text.exit_code == 0, text.err);
  CHECK(read_file(data.dir.path() / "feedback.sqlite") == before);
  CHECK(data.listed("nas")["revision"] == 1);
  for (const char* heading : {"\n== profiles\n", "\n== profiles+feedback\n", "\n== bm25\n"})
    CHECK(text.out.find(heading) != std::string::npos);
  for (const char* row : {"\nnas ", "\ncompositionality ", "\ntheoretical-neuroscience ",
                          "\ndisentanglement ", "\nsparse-modular ", "\nmean "})
    CHECK(text.out.find(row) != std::string::npos);
  CHECK(text.err.find("judged papers are not in the index") != std::string::npos);

  std::vector<std::string> as_json = split;
  as_json.insert(as_json.end(), {"--format", "json"});
  CliRun json = data.run(as_json);
  REQUIRE_MESSAGE(json.exit_code == 0, json.err);
  auto j = nlohmann::json::parse(json.out);
  REQUIRE(j["runs"].size() == 3);
  CHECK(j["runs"][1]["name"] == "profiles+feedback");
  CHECK(j["runs"][1]["mean"]["feedback"].get<int>() > 0);
  CHECK(j["runs"][0]["mean"]["feedback"] == 0);
  for (const auto& run : j["runs"]) {
    CHECK(run["profiles"].size() == 5);
    const double daily = run["mean"]["daily_ndcg5"].get<double>();
    CHECK(daily > 0);
    CHECK(daily <= 1);
  }
}

TEST_CASE("eval with bad labels or days exits 2; an overlapping training window only warns") {
  DataDir data;
  const std::string labels = (shared_eval() / "labels-dev").string();
  TempDir empty;
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"eval", "--labels", empty.path().string(), "--from", "2025-03-18", "--to", "2025-03-31"},
       "no labels files"},
      {{"eval", "--labels", labels, "--from", "2025-03-32", "--to", "2025-03-31"}, "--from"},
      {{"eval", "--labels", labels, "--from", "2025-03-31", "--to", "2025-03-18"}, "before"},
      {{"eval", "--labels", labels, "--from", "2025-03-18", "--to", "2025-03-31", "--train-to",
        "2025-03-24"},
       "go together"},
      {{"eval", "--labels", labels, "--from", "2024-01-01", "--to", "2024-01-31"},
       "no announcement day"},
      {{"eval", "--labels", labels, "--to", "2025-03-31"}, "--from"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message);
    CliRun run = data.run(c.args);
    CHECK_MESSAGE(run.exit_code == 2, run.err);
    CHECK_MESSAGE(run.err.find(c.message) != std::string::npos, run.err);
  }
  CliRun overlap =
      data.run({"eval", "--labels", labels, "--from", "2025-03-18", "--to", "2025-03-31",
                "--train-from", "2025-03-18", "--train-to", "2025-03-24"});
  CHECK_MESSAGE(overlap.exit_code == 0, overlap.err);
  CHECK(overlap.err.find("overlaps") != std::string::npos);
}

}  // namespace arxiv::testing

namespace arxiv::testing {

TEST_CASE("liked papers change the digest: it explains them, suggests terms, and accepts words") {
  DataDir data;
  CliRun imported_labels = data.run({"feedback", "import", "--profile", "nas", kNasLabels});
  REQUIRE_MESSAGE(imported_labels.exit_code == 0, imported_labels.err);

  CliRun digest =
      data.run({"digest", "--date", "2025-03-25", "--profile", "nas", "--format", "json"});
  REQUIRE_MESSAGE(digest.exit_code == 0, digest.err);
  auto j = nlohmann::json::parse(digest.out);
  const auto& papers = j["profiles"][0]["papers"];
  REQUIRE(!papers.empty());
  for (const auto& p : papers) {
    CHECK(p["why"]["scores"]["feedback"] != 0);
    CHECK(p["why"]["nearest_liked"].is_object());
  }

  CliRun suggest =
      data.run({"feedback", "suggest", "--profile", "nas", "--limit", "5", "--format", "json"});
  REQUIRE_MESSAGE(suggest.exit_code == 0, suggest.err);
  auto s = nlohmann::json::parse(suggest.out);
  CHECK(s["likes"].get<int>() > 0);
  REQUIRE(!s["terms"].empty());
  CHECK(s["terms"].size() <= 5);
  const std::string word = s["terms"][0]["term"];

  const std::string before = read_file(data.dir.path() / "profiles.toml");
  CliRun accept = data.run({"feedback", "accept", "--profile", "nas", word});
  REQUIRE_MESSAGE(accept.exit_code == 0, accept.err);
  const std::string profiles = read_file(data.dir.path() / "profiles.toml");
  CHECK(profiles != before);
  // The query is a multi-line TOML string: join its continued lines before looking.
  std::string joined;
  for (const auto& line : lines_of(profiles))
    joined += line.empty() || line.back() != '\\' ? line + "\n" : line.substr(0, line.size() - 1);
  CHECK(joined.find(" " + word + "\"\"\"") != std::string::npos);
  CliRun again =
      data.run({"feedback", "suggest", "--profile", "nas", "--limit", "5", "--format", "json"});
  REQUIRE(again.exit_code == 0);
  for (const auto& t : nlohmann::json::parse(again.out)["terms"]) CHECK(t["term"] != word);

  CliRun bad = data.run({"feedback", "accept", "--profile", "nas", "two words"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("single words") != std::string::npos);
  CHECK(read_file(data.dir.path() / "profiles.toml") == profiles);
}

TEST_CASE("the all-profiles digest in text lists each paper once with its profiles") {
  DataDir data;
  CliRun all = data.run({"digest", "--date", "2025-03-25", "--all"});
  REQUIRE_MESSAGE(all.exit_code == 0, all.err);
  CHECK(all.out.find("== all profiles (") != std::string::npos);
  CHECK(all.out.find("profiles: ") != std::string::npos);
  CHECK(all.out.find("== nas") == std::string::npos);
}

}  // namespace arxiv::testing
