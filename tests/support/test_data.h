// Paths to the shared real data and scratch directories for tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace arxiv::testing {

// ../shared/data, as configured at build time (ARXIV_TRIAGE_SHARED_DATA).
std::filesystem::path shared_data();
// ../shared/eval.
std::filesystem::path shared_eval();
// Reads a whole file (gzip decompressed); fails the test when it cannot.
std::string read_file(const std::filesystem::path& path);
// The lines of `text`, without their '\n' (a final line without one included).
std::vector<std::string> lines_of(const std::string& text);
// Every regular file under `dir` whose name ends with `suffix`, sorted.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir,
                                               const std::string& suffix);
// The replay's daily listing files (shared_data()/replay/rss) of the days in [from, to],
// YYYY-MM-DD, in day order.
std::vector<std::string> replay_files(const std::string& from, const std::string& to);

// A fresh empty directory under the system temp dir, removed with everything in it on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace arxiv::testing
