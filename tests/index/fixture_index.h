// A small real index shared by the index tests: the replay listings of 2025-03-18..2025-03-31
// (11 files, 2,327 papers, one empty Saturday), imported once per test process.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "index/paper_store.h"

namespace arxiv::testing {

// The replay files of that fortnight, in day order.
std::vector<std::string> fortnight_files();
// A data directory holding the imported fortnight (read-only for tests: copy before writing).
const std::filesystem::path& fortnight_data_dir();
// A reader of that directory; fails the test when it cannot be opened.
std::unique_ptr<PaperReader> open_fortnight();

}  // namespace arxiv::testing
