#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fetcher/metadata_json_parser.h"
#include "tests/fetcher/metadata_json_fixtures.h"

namespace arxiv {
namespace {

using testing::metadata_json::daily_line;
using testing::metadata_json::kaggle_line;
using testing::metadata_json::kaggle_lines;
using testing::metadata_json::parse_ok;

// Rejects with kInvalidInput whose message contains `needle`.
void expect_rejected(std::string_view line, std::string_view needle) {
  auto paper = parse_metadata_json_line(line);
  REQUIRE_FALSE(paper.ok());
  CHECK(paper.error().code == ErrorCode::kInvalidInput);
  const std::string& message = paper.error().message;
  CHECK_MESSAGE(message.find(needle) != std::string::npos, message);
  // Messages end up in logs and JSON error bodies: no raw bytes copied from a broken line.
  CHECK(std::all_of(message.begin(), message.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
}

TEST_CASE("malformed lines are rejected with a message naming what is wrong") {
  struct Case {
    const char* line;
    const char* needle;
  };
  const Case cases[] = {
      {"", "empty"},
      {"   \r", "empty"},
      {"not json", "not valid JSON: parse error at line 1, column 2"},
      {"{\"id\": \"2501.00001\",}", "not valid JSON: parse error at line 1, column 21"},
      {"{\"id\": \"2501.00001\", \"summary\": \"\xC3\x28\"}", "ill-formed UTF-8"},
      {R"([{"id": "2501.00001"}])", "JSON array, expected an object"},
      {R"("2501.00001")", "JSON string, expected an object"},
      {"null", "JSON null"},
      {"42", "JSON number"},
      {R"({"title": "t", "summary": "s"})", "no \"id\""},
      {R"({"id": null, "summary": "s"})", "no \"id\""},
      {R"({"id": 704.0001, "abstract": "a"})", "\"id\" is number"},
      {R"({"id": ["0704.0001"], "abstract": "a"})", "\"id\" is array"},
      {R"({"id": "abc", "summary": "s"})", "\"id\": not an arXiv id: 'abc'"},
      {R"({"id": "", "summary": "s"})", "\"id\""},
      {R"({"id": "2501.00001"})", "neither a Kaggle"},
      {R"({"id": "2501.00001", "summary": 3})", "\"summary\" is number"},
      {R"({"id": "2501.00001", "summary": "s", "title": {}})", "\"title\" is object"},
      {R"({"id": "2501.00001", "summary": "s", "authors": "A, B"})", "\"authors\" is string"},
      {R"({"id": "2501.00001", "summary": "s", "authors": ["A", 1]})", "\"authors[1]\""},
      {R"({"id": "2501.00001", "summary": "s", "categories": "cs.LG"})", "\"categories\""},
      {R"({"id": "2501.00001", "summary": "s", "categories": [["cs.LG"]]})", "\"categories[0]\""},
      {R"({"id": "0704.0001", "abstract": "a", "categories": ["hep-ph"]})", "\"categories\""},
      {R"({"id": "0704.0001", "abstract": "a", "versions": {}})", "\"versions\" is object"},
      {R"({"id": "0704.0001", "abstract": "a", "versions": ["v1"]})", "\"versions[0]\""},
      {R"({"id": "0704.0001", "abstract": "a", "versions": [{"created": "yesterday"}]})",
       "versions[0]: field \"created\": not an RFC 822 date"},
      {R"({"id": "0704.0001", "abstract": "a", "versions": [{"created": "Mon, 2 Apr 2007"},
          {"created": 5}]})",
       "versions[1]: field \"created\" is number"},
      {R"({"id": "0704.0001", "abstract": "a", "authors_parsed": [["X", 1]]})",
       "\"authors_parsed[0][1]\""},
      {R"({"id": "0704.0001", "abstract": "a", "authors_parsed": ["X Y"]})",
       "\"authors_parsed[0]\" is string"},
      {R"({"id": "0704.0001", "abstract": "a", "authors_parsed": [[]]})", "\"authors_parsed[0]\""},
      {R"({"id": "0704.0001", "abstract": "a", "license": true})", "\"license\" is boolean"},
  };
  for (const auto& c : cases) {
    const std::string line = c.line;
    CAPTURE(line);
    expect_rejected(c.line, c.needle);
  }
}

TEST_CASE("the record id is named in messages about its fields") {
  expect_rejected(R"({"id": "0704.0001v2", "abstract": 1})", "metadata record 0704.0001: field");
}

TEST_CASE("a real line cut at every offset is rejected, never crashes") {
  for (const std::string& line : {kaggle_lines().at(0), daily_line("2025-03-18", "2503.11742")}) {
    for (size_t cut = 0; cut < line.size(); ++cut) {
      CAPTURE(cut);
      auto p = parse_metadata_json_line(std::string_view(line).substr(0, cut));
      REQUIRE_FALSE(p.ok());
      REQUIRE(p.error().code == ErrorCode::kInvalidInput);
      REQUIRE(p.error().message.rfind("metadata line is", 0) == 0);
      REQUIRE(p.error().message.size() < 200);
    }
  }
}

TEST_CASE("a real line with any one byte changed gives an error or a valid paper") {
  const std::string original = kaggle_line("0704.0147");
  size_t errors = 0;
  for (size_t i = 0; i < original.size(); i += 3) {
    for (char replacement : {'"', '}', '\\', '\xFF', 'x'}) {
      std::string line = original;
      line[i] = replacement;
      auto p = parse_metadata_json_line(line);
      if (p.ok()) {
        CHECK_FALSE(p->id.empty());
      } else {
        ++errors;
        CHECK(p.error().code == ErrorCode::kInvalidInput);
      }
    }
  }
  CHECK(errors > 0);
}

TEST_CASE("removing any one field of a real record keeps it valid unless the field is the id") {
  for (const std::string& line : {kaggle_lines().at(0), daily_line("2025-03-18", "2503.11742")}) {
    const auto full = nlohmann::json::parse(line);
    for (const auto& item : full.items()) {
      CAPTURE(item.key());
      auto json = full;
      json.erase(item.key());
      auto p = parse_metadata_json_line(json.dump());
      if (item.key() == "id") {
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().message.find("\"id\"") != std::string::npos);
      } else {
        CHECK_MESSAGE(p.ok(), p.error().message);
      }
    }
  }
  auto json = nlohmann::json::parse(kaggle_lines().at(0));
  json["versions"] = nlohmann::json::array();
  const Paper p = parse_ok(json.dump());
  CHECK(p.version == 0);
  CHECK(p.submitted.empty());
}

TEST_CASE("deeply nested values neither overflow the stack nor stop the record") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const Paper p = parse_ok(R"({"id": "2501.00001", "summary": "s", "extra": )" + deep + "}");
  CHECK(p.id == "2501.00001");
  expect_rejected(R"({"id": "2501.00001", "summary": "s", "extra": )" + deep, "not valid JSON");
  expect_rejected(std::string(100000, '{'), "not valid JSON");
}

}  // namespace
}  // namespace arxiv
