#include "index/profile.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/index/profile_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using testing::profiles::minimal;

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
    CHECK(defaults[i].min_score > 0.0);  // a quiet day shows few papers
    CHECK_FALSE(defaults[i].categories_only);
    CHECK(defaults[i].must_not.empty());
    CHECK(defaults[i].query.size() > 300);
  }
  CHECK(defaults[0].title == "Neural architecture search");
  CHECK(defaults[0].query.find("\"neural architecture search\"") != std::string::npos);
  CHECK(defaults[2].categories == std::vector<std::string>{"q-bio.NC", "cs.NE"});
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

}  // namespace
}  // namespace arxiv
