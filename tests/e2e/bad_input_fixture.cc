#include "tests/e2e/bad_input_fixture.h"

#include <doctest/doctest.h>

#include <fstream>

#include "fetcher/listing_parser.h"
#include "tests/e2e/serving.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace fs = std::filesystem;
using nlohmann::json;

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

CliRun cli(const fs::path& data, std::vector<std::string> args,
           const std::map<std::string, std::string>& env) {
  args.insert(args.begin(), {"--data", data.string()});
  return run_cli(args, env);
}

Library::Library() {
  CliRun imported = cli(dir.path(), {"import", replay_files(kBadInputDay, kBadInputDay).at(0)});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  auto feed = parse_listing_feed(read_file(replay_files(kBadInputDay, kBadInputDay).at(0)));
  REQUIRE(feed.ok());
  REQUIRE_FALSE(feed->papers.empty());
  paper = feed->papers.front().id;
  CliRun liked = cli(dir.path(), {"feedback", "--profile", "nas", "--like", paper});
  REQUIRE_MESSAGE(liked.exit_code == 0, liked.err);
  CliRun added = cli(dir.path(), {"subscribers", "add", "ada@example.org", "--profiles", "nas"});
  REQUIRE_MESSAGE(added.exit_code == 0, added.err);
}

const Library& library() {
  static const Library lib;
  return lib;
}

State state_of(const fs::path& data) {
  State s;
  s.profiles = slurp(data / "profiles.toml");
  REQUIRE_FALSE(s.profiles.empty());
  CliRun list = cli(data, {"feedback", "list", "--profile", "nas", "--format", "json"});
  REQUIRE_MESSAGE(list.exit_code == 0, list.err);
  s.feedback = json::parse(list.out);
  CliRun subscribers = cli(data, {"subscribers", "list", "--format", "json"});
  REQUIRE_MESSAGE(subscribers.exit_code == 0, subscribers.err);
  s.subscribers = json::parse(subscribers.out);
  for (const auto& entry : fs::directory_iterator(data)) {
    const std::string name = entry.path().filename().string();
    const bool sqlite_side =
        name.ends_with("-wal") || name.ends_with("-shm") || name.ends_with("-journal");
    if (!sqlite_side) s.files.insert(name);
  }
  s.index = snapshot_index(data);
  return s;
}

void check_unchanged(const State& after, const State& before) {
  CHECK(after.profiles == before.profiles);
  CHECK(after.feedback == before.feedback);
  CHECK(after.subscribers == before.subscribers);
  CHECK(after.files == before.files);
  CHECK_MESSAGE(after.index == before.index, describe_difference(after.index, before.index));
}

}  // namespace arxiv::testing
