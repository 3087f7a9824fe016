#include "tests/index/fixture_index.h"

#include <doctest/doctest.h>

#include "index/importer.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

std::vector<std::string> fortnight_files() {
  std::vector<std::string> files;
  for (const auto& p : files_under(shared_data() / "replay" / "rss", ".xml.gz")) {
    const std::string day = p.filename().string().substr(0, 10);
    if (day >= "2025-03-18" && day <= "2025-03-31") files.push_back(p.string());
  }
  return files;
}

const std::filesystem::path& fortnight_data_dir() {
  static TempDir dir;
  static bool imported = [] {
    auto summary = import_paths(dir.path(), fortnight_files(), {});
    REQUIRE_MESSAGE(summary.ok(), summary.error().message);
    REQUIRE(summary->rejected.empty());
    return true;
  }();
  (void)imported;
  return dir.path();
}

}  // namespace arxiv::testing
