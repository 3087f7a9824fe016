#include "tests/index/fixture_index.h"

#include <doctest/doctest.h>

#include "index/importer.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

std::vector<std::string> fortnight_files() { return replay_files("2025-03-18", "2025-03-31"); }

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

std::unique_ptr<PaperReader> open_fortnight() {
  auto reader = PaperReader::open(fortnight_data_dir());
  REQUIRE_MESSAGE(reader.ok(), reader.error().message);
  return std::move(reader).value();
}

}  // namespace arxiv::testing
