// The shared ground of the bad-input tests (bad_input_http_test.cc, bad_input_cli_test.cc): a
// data directory where every store holds something to lose, and a snapshot of everything a
// request or command could store, compared before and after each table of hostile inputs.
// Not thread-safe; for the e2e test process.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/index_snapshot.h"
#include "tests/e2e/run_cli.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

inline constexpr const char* kBadInputToken = "bad-input-test-token-0123456789";
inline constexpr const char* kBadInputDay = "2025-03-25";
inline constexpr const char* kBadInputDayBefore = "2025-03-24";
// ServerConfig::max_body_bytes, the default `serve` runs with.
inline constexpr size_t kMaxBody = 64 * 1024;

void write_bytes(const std::filesystem::path& path, const std::string& bytes);

// The real binary with `--data data` before `args`.
CliRun cli(const std::filesystem::path& data, std::vector<std::string> args,
           const std::map<std::string, std::string>& env = {});

// A day of the replay, a like and a subscriber: every store holds something to lose. One for
// all the bad-input test cases, as each proves it leaves the library as it found it.
struct Library {
  TempDir dir;
  std::string paper;  // a paper of the index

  Library();
  const std::filesystem::path& path() const { return dir.path(); }
};

const Library& library();

// Everything a request or command could have stored.
struct State {
  std::string profiles;     // profiles.toml, byte for byte
  nlohmann::json feedback;  // `feedback list` of the profile the rows judge papers for
  nlohmann::json subscribers;
  std::set<std::string> files;  // the data directory's entries (SQLite's own side files aside)
  IndexSnapshot index;
  bool operator==(const State&) const = default;
};

State state_of(const std::filesystem::path& data);
void check_unchanged(const State& after, const State& before);

}  // namespace arxiv::testing
