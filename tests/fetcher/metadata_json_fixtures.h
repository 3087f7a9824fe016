// Real Kaggle and daily digest lines shared by the metadata JSON parser tests.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/paper.h"

namespace arxiv::testing::metadata_json {

// The folder holding the daily digest corpora.
std::filesystem::path daily_dir();
// The 200 lines of the Kaggle snapshot head, read once.
const std::vector<std::string>& kaggle_lines();
// The Kaggle line whose id is `id`; fails the test when there is none.
std::string kaggle_line(std::string_view id);
// The line of a daily digest whose id is `id`; `day` is "2025-03-18" or "springkill/2026-01-17".
std::string daily_line(const std::string& day, std::string_view id);
// Parses `line`, failing the test with the parser's message when it is rejected.
Paper parse_ok(std::string_view line);

}  // namespace arxiv::testing::metadata_json
