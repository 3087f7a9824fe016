// Everything an index holds that a reader can observe, read once, for comparing the index of an
// interrupted-and-resumed run with the index of an uninterrupted one. Not thread-safe (one
// snapshot per call); failing to open the index fails the test.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace arxiv::testing {

struct IndexSnapshot {
  // Base id -> the stored paper (its JSON: version, announcements with their days, text) and its
  // terms with their wdf, so a stale or missing posting shows as a difference too.
  std::map<std::string, std::string> papers;
  std::map<std::string, std::string> terms;
  // Metadata (import checkpoints, listing markers) key -> value.
  std::map<std::string, std::string> metadata;
  // Documents beyond one per base id (a duplicate is a bug); 0 when every id is stored once.
  size_t duplicates = 0;

  bool operator==(const IndexSnapshot&) const = default;
};

// The snapshot of the index in `data_dir`.
IndexSnapshot snapshot_index(const std::filesystem::path& data_dir);

// The first few differences between `got` and `want`, one a line, for a failure message; "" when
// they are equal.
std::string describe_difference(const IndexSnapshot& got, const IndexSnapshot& want);

}  // namespace arxiv::testing
