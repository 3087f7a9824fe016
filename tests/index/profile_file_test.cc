#include <doctest/doctest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cfloat>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "index/profile.h"
#include "tests/index/profile_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

namespace fs = std::filesystem;
using testing::profiles::minimal;

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
