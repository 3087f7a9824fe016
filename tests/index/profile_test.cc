#include "index/profile.h"

#include <doctest/doctest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cfloat>
#include <csignal>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "tests/support/test_data.h"

namespace arxiv {
namespace {

namespace fs = std::filesystem;

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out);
}

std::vector<std::string> entries_of(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

Profile minimal(std::string name) {
  Profile profile;
  profile.name = std::move(name);
  profile.query = "\"mixture of experts\" MoE";
  return profile;
}

// Title and description of each interest in the evaluation README, in order.
struct Interest {
  std::string name, title, description;
};
std::vector<Interest> readme_interests() {
  const std::string readme = testing::read_file(testing::shared_eval() / "README.md");
  std::vector<Interest> interests;
  const std::string marker = "\n## `";
  for (size_t at = readme.find(marker); at != std::string::npos; at = readme.find(marker, at + 1)) {
    const std::string separator = "` — ";
    const size_t name_end = readme.find(separator, at + marker.size());
    const size_t title_start = name_end + separator.size();
    const size_t title_end = readme.find('\n', name_end);
    const size_t text_start = title_end + 2;  // after the blank line
    interests.push_back({readme.substr(at + marker.size(), name_end - at - marker.size()),
                         readme.substr(title_start, title_end - title_start),
                         readme.substr(text_start, readme.find('\n', text_start) - text_start)});
  }
  return interests;
}

TEST_CASE("the default profiles are the five interests of the evaluation README, word for word") {
  const std::vector<Interest> interests = readme_interests();
  const std::vector<Profile>& defaults = default_profiles();
  REQUIRE(interests.size() == 5);
  REQUIRE(defaults.size() == 5);
  const std::vector<std::string> names = {"nas", "compositionality", "theoretical-neuroscience",
                                          "disentanglement", "sparse-modular"};
  for (size_t i = 0; i < defaults.size(); ++i) {
    CAPTURE(defaults[i].name);
    CHECK(defaults[i].name == names[i]);
    CHECK(defaults[i].name == interests[i].name);
    CHECK(defaults[i].title == interests[i].title);
    CHECK(defaults[i].description == interests[i].description);
    CHECK(validate_profile(defaults[i]).ok());
    CHECK(defaults[i].limit == 10);
    CHECK(defaults[i].min_score == 0.0);
    CHECK_FALSE(defaults[i].categories_only);
    CHECK(defaults[i].must_not.empty());
    CHECK(defaults[i].query.size() > 300);
  }
  CHECK(defaults[0].title == "Neural architecture search");
  CHECK(defaults[0].query.find("\"neural architecture search\"") != std::string::npos);
  CHECK(defaults[2].categories == std::vector<std::string>{"q-bio.NC", "cs.NE"});
}

TEST_CASE("the default profiles round-trip exactly and format to lines of at most 100 columns") {
  const std::string text = format_profiles(default_profiles());
  auto parsed = parse_profiles(text, "profiles.toml");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(*parsed == default_profiles());
  CHECK(text.rfind("# arxiv-triage interest profiles", 0) == 0);
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    CHECK_MESSAGE(end - start <= 100, text.substr(start, end - start));
    start = end + 1;
  }
}

TEST_CASE("a hand-written file with comments reads to the exact field values") {
  const char* text = R"(# my interests
[[profile]]
name = "nas"  # short name
title = "Neural architecture search"
description = "Automated design."
query = '"neural architecture search" OR NAS'
must_have = ["search"]
must_not = ['"post-training quantization"']
categories = ["cs.LG", "cs.NE", "q-bio.NC", "cond-mat.stat-mech"]
categories_only = true
authors = ["Frank Hutter"]
limit = 25
min_score = 1

[[profile]]
name = "hinton-watch"
query = ""
authors = ["Geoffrey Hinton"]
)";
  auto parsed = parse_profiles(text, "profiles.toml");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  REQUIRE(parsed->size() == 2);
  const Profile& nas = (*parsed)[0];
  CHECK(nas.name == "nas");
  CHECK(nas.title == "Neural architecture search");
  CHECK(nas.description == "Automated design.");
  CHECK(nas.query == "\"neural architecture search\" OR NAS");
  CHECK(nas.must_have == std::vector<std::string>{"search"});
  CHECK(nas.must_not == std::vector<std::string>{"\"post-training quantization\""});
  CHECK(nas.categories.size() == 4);
  CHECK(nas.categories_only);
  CHECK(nas.authors == std::vector<std::string>{"Frank Hutter"});
  CHECK(nas.limit == 25);
  CHECK(nas.min_score == 1.0);
  const Profile& watch = (*parsed)[1];
  CHECK(watch.query.empty());
  CHECK(watch.limit == 10);
  CHECK(watch.min_score == 0.0);
}

TEST_CASE("a file without profiles, or with only comments, holds no profiles") {
  for (const char* text : {"", "# nothing yet\n", "\n\n"}) {
    auto parsed = parse_profiles(text, "profiles.toml");
    REQUIRE(parsed.ok());
    CHECK(parsed->empty());
  }
}

TEST_CASE("each broken file fails with the source, the line and the field in the message") {
  struct Case {
    const char* text;
    int line;
    const char* expected;
  };
  const Case cases[] = {
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nlimit = \"ten\"\n", 4,
       "profile 'nas': 'limit' must be an integer"},
      {"[[profile]]\nname = \"nas\"\nlimt = 10\nquery = \"x\"\n", 3,
       "unknown key 'limt' in profile 'nas'"},
      {"[[profile]]\nname = \"nas\"\nqueries = \"x\"\n", 3,
       "unknown key 'queries' in profile 'nas'"},
      {"[[profile]]\nname = \"nas\nquery = \"x\"\n", 2, "TOML syntax error"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nname = \"b\"\n", 4, "TOML syntax error"},
      {"[[profile]]\nname = \"nas\"\nquery = [\"x\"\n", 3, "TOML syntax error"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\n[[#profile]]\n", 4, "TOML syntax error"},
      {"[[profile]]\nname = \"nas\"\nquery = \"\xff\"\n", 3, "TOML syntax error"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\n\n[[profile]]\nname = \"nas\"\nquery = \"y\"\n",
       6, "duplicate profile name 'nas' (first used on line 2)"},
      {"# c\n[[profile]]\nquery = \"x\"\n", 2, "profile #1: 'name' is missing"},
      {"[[profile]]\nname = \"a\"\nquery = \"x\"\n[[profile]]\ntitle = \"T\"\nquery = \"x\"\n", 4,
       "profile #2: 'name' is missing"},
      {"[[profile]]\nname = 7\nquery = \"x\"\n", 2, "profile #1: 'name' must be a string"},
      {"[[profile]]\nname = \"Neural Search\"\nquery = \"x\"\n", 2,
       "profile 'Neural Search': 'name' must be 1 to 64 lowercase letters, digits or '-'"},
      {"[[profile]]\nname = \"-nas\"\nquery = \"x\"\n", 2, "'name' must be"},
      {"[[profile]]\nname = \"nas\"\nquery = \"  \"\n", 3,
       "profile 'nas': 'query' is empty and there are no 'authors' to follow"},
      {"[[profile]]\nname = \"nas\"\ntitle = \"T\"\n", 1, "'query' is empty"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nlimit = 0\n", 4,
       "profile 'nas': 'limit' must be between 1 and 1000 (got 0)"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nlimit = 1001\n", 4, "(got 1001)"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nlimit = 99999999999\n", 4, "(got 99999999999)"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nlimit = 10.0\n", 4,
       "'limit' must be an integer"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nmin_score = -0.5\n", 4,
       "profile 'nas': 'min_score' must be a finite number >= 0"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nmin_score = nan\n", 4, "'min_score' must be"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nmin_score = inf\n", 4, "'min_score' must be"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nmin_score = \"high\"\n", 4,
       "'min_score' must be a number"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\ncategories = [\n  \"cs.LG\",\n  \"machine "
       "learning\",\n]\n",
       6, "'categories' entry 'machine learning' is not an arXiv category"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\ncategories = [\"cs.\"]\n", 4,
       "'categories' entry 'cs.' is not an arXiv category"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\ncategories = [\"cs.LG\",\n 2]\n", 5,
       "profile 'nas': 'categories' must be an array of strings"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\ncategories = \"cs.LG\"\n", 4,
       "'categories' must be an array of strings"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\ncategories_only = \"yes\"\n", 4,
       "'categories_only' must be true or false"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nmust_have = [\"\"]\n", 4,
       "'must_have' has an empty entry"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\nmust_not = [\"a\", \" \"]\n", 4,
       "'must_not' has an empty entry"},
      {"[[profile]]\nname = \"nas\"\nauthors = [\"Geoffrey Hinton\",\n\"\"]\n", 4,
       "'authors' has an empty entry"},
      {"[[profile]]\nname = \"nas\"\ntitle = 3\nquery = \"x\"\n", 3, "'title' must be a string"},
      {"[[profile]]\nname = \"nas\"\nquery = \"x\"\n[profile.extra]\nx = 1\n", 4,
       "unknown key 'extra' in profile 'nas'"},
      {"version = 1\n[[profile]]\nname = \"nas\"\nquery = \"x\"\n", 1,
       "unknown top-level key 'version'"},
      {"[profile]\nname = \"nas\"\nquery = \"x\"\n", 1,
       "'profile' must be an array of [[profile]] tables"},
      {"profile = [1, 2]\n", 1, "'profile' must be an array of [[profile]] tables"},
  };
  for (const Case& test : cases) {
    CAPTURE(test.text);
    auto parsed = parse_profiles(test.text, "profiles.toml");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::kInvalidInput);
    const std::string& message = parsed.error().message;
    CHECK_MESSAGE(message.rfind("profiles.toml:" + std::to_string(test.line) + ": ", 0) == 0,
                  message);
    CHECK_MESSAGE(message.find(test.expected) != std::string::npos, message);
  }
}

TEST_CASE("a profile that follows authors only needs no query") {
  auto parsed =
      parse_profiles("[[profile]]\nname = \"hinton\"\nauthors = [\"Geoffrey Hinton\"]\n", "p");
  REQUIRE(parsed.ok());
  CHECK((*parsed)[0].authors == std::vector<std::string>{"Geoffrey Hinton"});
}

TEST_CASE("validate_profile names the profile and the field") {
  Profile profile = minimal("nas");
  CHECK(validate_profile(profile).ok());
  profile.limit = 0;
  CHECK(validate_profile(profile).error().message ==
        "profile 'nas': 'limit' must be between 1 and 1000 (got 0)");
  profile = minimal("");
  CHECK(validate_profile(profile).error().message == "unnamed profile: 'name' is missing");
  profile = minimal("nas");
  profile.min_score = -1;
  CHECK(validate_profile(profile).error().message ==
        "profile 'nas': 'min_score' must be a finite number >= 0");
  profile = minimal("nas");
  profile.categories = {"cs.LG", "q-bio.NC", "hep-th", "physics.bio-ph", "cs LG"};
  CHECK(validate_profile(profile).error().message ==
        "profile 'nas': 'categories' entry 'cs LG' is not an arXiv category such as 'cs.LG'");
  profile = minimal(std::string(65, 'a'));
  CHECK_FALSE(validate_profile(profile).ok());
  CHECK(validate_profile(minimal(std::string(64, 'a'))).ok());
}

TEST_CASE(
    "strings with quotes, backslashes, newlines, control and non-ASCII characters round-trip") {
  const std::string long_query =
      R"("neural architecture search" "architecture search" NAS title:NAS "one-shot" DARTS )"
      R"(supernet "zero-cost proxy" "performance predictor" AutoML "search space" "a""b""""c")";
  const std::vector<std::string> samples = {
      "",
      "plain",
      "it's",
      "say \"hi\"",
      "back\\slash",
      "tab\there",
      "line1\nline2",
      "\n leading newline",
      "trailing newline\n",
      "CR\r\nLF",
      "ctrl \x01\x1f\x7f",
      "unicode \xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80",
      "'''",
      "\"\"\"",
      "\"\"\"\"\"",
      "ends with quote\"",
      "ends with backslash\\",
      "  spaces  ",
      long_query,
      std::string(150, '"'),
      std::string(150, '\\'),
      std::string(150, ' ') + "x",
      "word " + std::string(200, 'x') + " " + std::string(100, 'y') + " \\",
      std::string(90, 'a') + " \"\"\" " + std::string(90, 'b') + "  double  " +
          std::string(90, 'c'),
      std::string(85, 'a') + " \\ b " + std::string(95, 'c') + " \n  indented " +
          std::string(99, 'd'),
  };
  for (const std::string& sample : samples) {
    CAPTURE(sample);
    Profile profile = minimal("p");
    profile.title = sample;
    profile.description = sample;
    profile.query = "q" + sample;
    profile.must_have = {"m" + sample, sample + "m"};
    profile.authors = {"a" + sample};
    auto parsed = parse_profiles(format_profiles({profile}), "profiles.toml");
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
    CHECK(*parsed == std::vector<Profile>{profile});
  }
}

TEST_CASE("random strings of awkward characters round-trip through format and parse") {
  const std::vector<std::string> alphabet = {" ", " ", "\"", "\\",    "\n",   "\t",
                                             "a", "b", "'",  "\r",    "\x01", "\xC3\xA9",
                                             "#", "=", "[",  "\"\"\""};
  std::mt19937 random(20250318);
  for (int round = 0; round < 400; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 300);
    for (int i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
    CAPTURE(text);
    Profile profile = minimal("p");
    profile.description = text;
    profile.title = text;
    profile.query = "q" + text;
    auto parsed = parse_profiles(format_profiles({profile}), "profiles.toml");
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
    CHECK(*parsed == std::vector<Profile>{profile});
  }
}

TEST_CASE("min_score and limit round-trip exactly") {
  for (double score : {0.0, 0.1, 1.0 / 3, 1e-300, 5e-324, 123456789.125, 1e21, 2.0, DBL_MAX}) {
    Profile profile = minimal("p");
    profile.min_score = score;
    profile.limit = score > 1 ? 1000 : 1;
    auto parsed = parse_profiles(format_profiles({profile}), "profiles.toml");
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
    CHECK((*parsed)[0].min_score == score);
    CHECK((*parsed)[0].limit == profile.limit);
  }
}

TEST_CASE("a profiles file cut at any offset gives an error or a prefix of its profiles") {
  const std::vector<Profile>& defaults = default_profiles();
  const std::string text = format_profiles(defaults);
  int errors = 0;
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    const std::string head = text.substr(0, cut);
    auto parsed = parse_profiles(head, "profiles.toml");
    if (!parsed.ok()) {
      ++errors;
      CHECK_MESSAGE(parsed.error().message.rfind("profiles.toml:", 0) == 0, parsed.error().message);
      continue;
    }
    REQUIRE(parsed->size() <= defaults.size());
    for (size_t i = 0; i < parsed->size(); ++i) {
      CHECK(validate_profile((*parsed)[i]).ok());
      if (i + 1 < parsed->size()) CHECK((*parsed)[i] == defaults[i]);
    }
  }
  // Cut inside a description or query: an unterminated string, reported at its line.
  const size_t inside = text.find("neural network architectures");
  auto cut_description = parse_profiles(text.substr(0, inside), "profiles.toml");
  REQUIRE_FALSE(cut_description.ok());
  CHECK(cut_description.error().message.find("TOML syntax error") != std::string::npos);
  CHECK(errors > static_cast<int>(text.size()) / 2);
}

TEST_CASE(
    "a profiles file with bytes overwritten gives an error or valid profiles, never a crash") {
  const std::string text = format_profiles(default_profiles());
  std::mt19937 random(7);
  for (int round = 0; round < 2000; ++round) {
    std::string corrupt = text;
    for (int flips = 1 + static_cast<int>(random() % 3); flips > 0; --flips)
      corrupt[random() % corrupt.size()] = "\"'[]=\n#\\\x00\xff a1."[random() % 15];
    auto parsed = parse_profiles(corrupt, "profiles.toml");
    if (!parsed.ok()) {
      CHECK(parsed.error().code == ErrorCode::kInvalidInput);
      continue;
    }
    for (const Profile& profile : *parsed) CHECK(validate_profile(profile).ok());
  }
}

TEST_CASE(
    "load_or_create_profiles writes the defaults on first run and reads them back unchanged") {
  testing::TempDir temp;
  const fs::path data_dir = temp.path() / "data" / "nested";
  auto first = load_or_create_profiles(data_dir);
  REQUIRE_MESSAGE(first.ok(), first.error().message);
  CHECK(*first == default_profiles());
  const fs::path file = data_dir / "profiles.toml";
  const std::string written = testing::read_file(file);
  CHECK(written == format_profiles(default_profiles()));
  CHECK(entries_of(data_dir) == std::vector<std::string>{"profiles.toml"});

  auto second = load_or_create_profiles(data_dir);
  REQUIRE(second.ok());
  CHECK(*second == default_profiles());
  CHECK(testing::read_file(file) == written);
}

TEST_CASE("load_or_create_profiles keeps a user's file and reports its errors with the full path") {
  testing::TempDir temp;
  const fs::path file = temp.path() / "profiles.toml";
  const std::string mine = "[[profile]]\nname = \"mine\"\nquery = \"grid cells\"\nlimit = 3\n";
  write_text(file, mine);
  auto loaded = load_or_create_profiles(temp.path());
  REQUIRE(loaded.ok());
  REQUIRE(loaded->size() == 1);
  CHECK((*loaded)[0].name == "mine");
  CHECK((*loaded)[0].limit == 3);
  CHECK(testing::read_file(file) == mine);

  write_text(file, "[[profile]]\nname = \"mine\"\nquery = \"x\"\nlimit = -1\n");
  auto broken = load_or_create_profiles(temp.path());
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().code == ErrorCode::kInvalidInput);
  CHECK(broken.error().message.rfind(file.string() + ":4: profile 'mine': 'limit'", 0) == 0);
}

TEST_CASE("load_or_create_profiles reports a data directory it cannot use as unavailable") {
  testing::TempDir temp;
  write_text(temp.path() / "not-a-dir", "x");
  auto on_file = load_or_create_profiles(temp.path() / "not-a-dir");
  REQUIRE_FALSE(on_file.ok());
  CHECK(on_file.error().code == ErrorCode::kUnavailable);

  fs::create_directory(temp.path() / "profiles.toml");
  auto on_directory = load_or_create_profiles(temp.path());
  REQUIRE_FALSE(on_directory.ok());
  CHECK(on_directory.error().code == ErrorCode::kUnavailable);
  CHECK(on_directory.error().message.find("profiles.toml") != std::string::npos);
}

TEST_CASE("save_profiles replaces the whole file and leaves no temporary file behind") {
  testing::TempDir temp;
  REQUIRE(save_profiles(temp.path(), default_profiles()).ok());
  const std::vector<Profile> smaller = {minimal("one"), minimal("two")};
  REQUIRE(save_profiles(temp.path(), smaller).ok());
  CHECK(entries_of(temp.path()) == std::vector<std::string>{"profiles.toml"});
  const std::string text = testing::read_file(temp.path() / "profiles.toml");
  CHECK(text == format_profiles(smaller));
  auto reread = load_or_create_profiles(temp.path());
  REQUIRE(reread.ok());
  CHECK(*reread == smaller);
}

TEST_CASE("save_profiles refuses invalid profiles and leaves the old file untouched") {
  testing::TempDir temp;
  REQUIRE(save_profiles(temp.path(), default_profiles()).ok());
  const std::string before = testing::read_file(temp.path() / "profiles.toml");
  Profile bad = minimal("bad");
  bad.limit = 5000;
  Status invalid = save_profiles(temp.path(), {minimal("ok"), bad});
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().code == ErrorCode::kInvalidInput);
  CHECK(invalid.error().message.find("'limit'") != std::string::npos);
  Status duplicate = save_profiles(temp.path(), {minimal("twin"), minimal("twin")});
  REQUIRE_FALSE(duplicate.ok());
  CHECK(duplicate.error().message == "duplicate profile name 'twin'");
  CHECK(testing::read_file(temp.path() / "profiles.toml") == before);
  CHECK(entries_of(temp.path()) == std::vector<std::string>{"profiles.toml"});
}

TEST_CASE("save_profiles refuses text that is not UTF-8, which TOML cannot hold") {
  testing::TempDir temp;
  REQUIRE(save_profiles(temp.path(), {minimal("old")}).ok());
  const std::string before = testing::read_file(temp.path() / "profiles.toml");
  Profile broken = minimal("broken");
  broken.title = "cut \xC3";
  CHECK(validate_profile(broken).ok());
  Status status = save_profiles(temp.path(), {broken});
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == ErrorCode::kInvalidInput);
  CHECK(status.error().message.rfind("cannot save profiles: profiles.toml:", 0) == 0);
  CHECK(testing::read_file(temp.path() / "profiles.toml") == before);
  CHECK(entries_of(temp.path()) == std::vector<std::string>{"profiles.toml"});
}

TEST_CASE("a failed temporary write leaves the old file intact and removes the temporary file") {
  testing::TempDir temp;
  const std::vector<Profile> old = {minimal("old")};
  REQUIRE(save_profiles(temp.path(), old).ok());
  const std::string before = testing::read_file(temp.path() / "profiles.toml");

  // Root ignores read-only directories, so the write is made to fail with a file size limit.
  rlimit saved_limit;
  REQUIRE(getrlimit(RLIMIT_FSIZE, &saved_limit) == 0);
  rlimit small = saved_limit;
  small.rlim_cur = 100;
  auto* previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  Status status = save_profiles(temp.path(), default_profiles());
  setrlimit(RLIMIT_FSIZE, &saved_limit);
  std::signal(SIGXFSZ, previous_handler);

  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == ErrorCode::kUnavailable);
  CHECK(status.error().message.find("cannot write") != std::string::npos);
  CHECK(testing::read_file(temp.path() / "profiles.toml") == before);
  CHECK(entries_of(temp.path()) == std::vector<std::string>{"profiles.toml"});
}

TEST_CASE("a failed rename removes the temporary file") {
  testing::TempDir temp;
  fs::create_directories(temp.path() / "profiles.toml" / "occupied");
  Status status = save_profiles(temp.path(), default_profiles());
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == ErrorCode::kUnavailable);
  CHECK(status.error().message.find("cannot replace") != std::string::npos);
  CHECK(entries_of(temp.path()) == std::vector<std::string>{"profiles.toml"});
  CHECK(fs::is_directory(temp.path() / "profiles.toml" / "occupied"));
}

}  // namespace
}  // namespace arxiv
