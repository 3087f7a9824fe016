#include "tests/support/test_data.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <vector>

#include "fetcher/source_file.h"

namespace arxiv::testing {

std::filesystem::path shared_data() { return std::filesystem::path(ARXIV_TRIAGE_SHARED) / "data"; }

std::filesystem::path shared_eval() { return std::filesystem::path(ARXIV_TRIAGE_SHARED) / "eval"; }

std::string read_file(const std::filesystem::path& path) {
  auto data = read_source_file(path.string());
  REQUIRE_MESSAGE(data.ok(), path.string());
  return std::move(data).value();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir,
                                               const std::string& suffix) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("arxiv-triage-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<std::string> replay_files(const std::string& from, const std::string& to) {
  std::vector<std::string> files;
  for (const auto& p : files_under(shared_data() / "replay" / "rss", ".xml.gz")) {
    const std::string day = p.filename().string().substr(0, 10);
    if (day >= from && day <= to) files.push_back(p.string());
  }
  return files;
}

}  // namespace arxiv::testing
