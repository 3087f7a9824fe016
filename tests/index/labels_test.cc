#include "index/labels.h"

#include <doctest/doctest.h>

#include <fstream>

#include "fetcher/paper.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

std::filesystem::path labels_dev() { return shared_eval() / "labels-dev"; }

}  // namespace

TEST_CASE("every shared judgment file parses, with as many judgments as it has lines") {
  const auto files = files_under(labels_dev(), ".tsv");
  REQUIRE(files.size() == 5);
  for (const auto& file : files) {
    CAPTURE(file);
    auto labels = load_labels_file(file);
    REQUIRE_MESSAGE(labels.ok(), labels.error().message);
    CHECK(labels->size() == lines_of(read_file(file)).size());
    for (const auto& j : *labels) CHECK(parse_arxiv_id(j.id).value().base == j.id);
  }
}

TEST_CASE("a judgment file reads ids, grades and ignores the reason column") {
  const std::string text =
      "2503.17994\t2\tLLM-instructed neural architecture search\n"
      "2503.21999v3\t0\n"
      "arXiv:2504.00772\t1\tpartly\textra\tcolumns\n";
  auto labels = parse_labels(text, "nas.tsv");
  REQUIRE_MESSAGE(labels.ok(), labels.error().message);
  REQUIRE(labels->size() == 3);
  CHECK((*labels)[0].id == "2503.17994");
  CHECK((*labels)[0].grade == Grade::kLike);
  CHECK((*labels)[1].id == "2503.21999");
  CHECK((*labels)[1].grade == Grade::kDismiss);
  CHECK((*labels)[2].id == "2504.00772");
  CHECK((*labels)[2].grade == Grade::kNeutral);
}

TEST_CASE("blank lines, CRLF line ends and a missing final newline are accepted") {
  struct Case {
    const char* what;
    std::string text;
    size_t judgments;
  };
  const std::vector<Case> cases = {
      {"empty file", "", 0},
      {"only blank lines", "\n  \n\t\n", 0},
      {"no final newline", "2503.17994\t2\n2503.21999\t0", 2},
      {"CRLF", "2503.17994\t2\treason\r\n2503.21999\t0\r\n", 2},
      {"blank lines between", "\n2503.17994\t2\n\r\n\n2503.21999\t0\n\n", 2},
      {"old-style id", "hep-th/9901001\t1\n", 1},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto labels = parse_labels(c.text, "x.tsv");
    REQUIRE_MESSAGE(labels.ok(), labels.error().message);
    CHECK(labels->size() == c.judgments);
  }
}

TEST_CASE("a bad line fails with the file name, the line number and what is wrong") {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"2503.17994 2\n", "nas.tsv:1: expected id<TAB>grade, found no tab"},
      {"2503.17994\t2\n\n2503.21999\t5\treason\n", "nas.tsv:3: grade must be 0, 1 or 2 (got '5')"},
      {"2503.17994\t\n", "nas.tsv:1: grade must be 0, 1 or 2 (got '')"},
      {"2503.17994\t2.0\n", "nas.tsv:1: grade must be 0, 1 or 2 (got '2.0')"},
      {"2503.17994\t 2\n", "nas.tsv:1: grade must be 0, 1 or 2 (got ' 2')"},
      {"2503.17994\t-1\r\n", "nas.tsv:1: grade must be 0, 1 or 2 (got '-1')"},
      {"2503.1\t2\n", "nas.tsv:1: not an arXiv id: '2503.1'"},
      {"\t2\n", "nas.tsv:1: not an arXiv id: ''"},
      {"id\tgrade\treason\n", "nas.tsv:1: not an arXiv id: 'id'"},
      {"2503.17994\t2\n2503.17994v2\t0\n",
       "nas.tsv:2: 2503.17994 is graded twice (first on line 1)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto labels = parse_labels(c.text, "nas.tsv");
    REQUIRE_FALSE(labels.ok());
    CHECK(labels.error().code == ErrorCode::kInvalidInput);
    CHECK(labels.error().message == c.message);
  }
}

TEST_CASE("every truncation of a real judgment file parses or fails cleanly") {
  const std::string text = read_file(labels_dev() / "nas.tsv");
  for (size_t cut = 0; cut < text.size(); cut += 97) {
    auto labels = parse_labels(text.substr(0, cut), "nas.tsv");
    if (!labels.ok()) CHECK(labels.error().message.rfind("nas.tsv:", 0) == 0);
  }
}

TEST_CASE("a labels directory maps each <profile>.tsv to its judgments and ignores other files") {
  auto set = load_labels_dir(labels_dev());
  REQUIRE_MESSAGE(set.ok(), set.error().message);
  std::vector<std::string> names;
  for (const auto& [name, judgments] : *set) names.push_back(name);
  CHECK(names == std::vector<std::string>{"compositionality", "disentanglement", "nas",
                                          "sparse-modular", "theoretical-neuroscience"});

  TempDir dir;
  std::ofstream(dir.path() / "nas.tsv") << "2503.17994\t2\n";
  std::ofstream(dir.path() / "README.md") << "notes\n";
  std::filesystem::create_directory(dir.path() / "old.tsv");
  auto mine = load_labels_dir(dir.path());
  REQUIRE_MESSAGE(mine.ok(), mine.error().message);
  CHECK(mine->size() == 1);
  CHECK(mine->at("nas").size() == 1);
}

TEST_CASE("a labels directory that is missing, empty of labels or holds a bad file fails") {
  TempDir dir;
  auto missing = load_labels_dir(dir.path() / "nope");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  auto empty = load_labels_dir(dir.path());
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message.find("no labels files") != std::string::npos);
  std::ofstream(dir.path() / "nas.tsv") << "2503.17994\t2\n";
  std::ofstream(dir.path() / "sparse-modular.tsv") << "2503.15798\t2\n2503.16057\t7\n";
  auto bad = load_labels_dir(dir.path());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "sparse-modular.tsv:2: grade must be 0, 1 or 2 (got '7')");
}

}  // namespace arxiv::testing
