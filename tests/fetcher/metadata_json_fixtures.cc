#include "tests/fetcher/metadata_json_fixtures.h"

#include <doctest/doctest.h>

#include "fetcher/metadata_json_parser.h"
#include "tests/support/test_data.h"

namespace arxiv::testing::metadata_json {
namespace {

using Strings = std::vector<std::string>;

std::filesystem::path kaggle_path() {
  return testing::shared_data() / "corpus/kaggle-format/arxiv-metadata-oai-snapshot.head200.json";
}

}  // namespace

std::filesystem::path daily_dir() { return testing::shared_data() / "corpus"; }

const Strings& kaggle_lines() {
  static const Strings lines = testing::lines_of(testing::read_file(kaggle_path()));
  return lines;
}

std::string kaggle_line(std::string_view id) {
  for (const auto& line : kaggle_lines()) {
    if (line.find("{\"id\":\"" + std::string(id) + "\"") == 0) return line;
  }
  FAIL("no Kaggle line for " << id);
  return {};
}

std::string daily_line(const std::string& day, std::string_view id) {
  const std::string file = day.rfind("springkill/", 0) == 0
                               ? "daily-arxiv-ai-enhanced-springkill/" + day.substr(11)
                               : "daily-arxiv-ai-enhanced/" + day;
  const std::string key = "{\"id\": \"" + std::string(id) + "\"";
  for (const auto& line :
       testing::lines_of(testing::read_file(daily_dir() / (file + ".jsonl.gz")))) {
    if (line.rfind(key, 0) == 0) return line;
  }
  FAIL("no line for " << id << " in " << file);
  return {};
}

Paper parse_ok(std::string_view line) {
  auto paper = parse_metadata_json_line(line);
  REQUIRE_MESSAGE(paper.ok(), paper.error().message);
  return std::move(paper).value();
}

}  // namespace arxiv::testing::metadata_json
