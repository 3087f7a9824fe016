#include "fetcher/source_file.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using Strings = std::vector<std::string>;

std::filesystem::path daily_gz() {
  return testing::shared_data() / "corpus/daily-arxiv-ai-enhanced/2025-03-18.jsonl.gz";
}

std::filesystem::path kaggle_json() {
  return testing::shared_data() / "corpus/kaggle-format/arxiv-metadata-oai-snapshot.head200.json";
}

// The file's bytes exactly as stored, compressed or not.
std::string raw_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  REQUIRE(out);
  return path.string();
}

std::string write_gzip(const std::filesystem::path& path, const std::string& text) {
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  if (!text.empty()) REQUIRE(gzwrite(file, text.data(), static_cast<unsigned>(text.size())) > 0);
  REQUIRE(gzclose(file) == Z_OK);
  return path.string();
}

// Every line LineReader yields for `path`, and its final status.
std::pair<Strings, Status> read_lines(const std::string& path) {
  LineReader reader;
  Strings lines;
  if (Status s = reader.open(path); !s.ok()) return {lines, s};
  std::string line;
  while (reader.next(line)) lines.push_back(line);
  return {lines, reader.status()};
}

TEST_CASE("a real gzip file and its plain copy read identically") {
  testing::TempDir dir;
  auto gz = read_source_file(daily_gz().string());
  REQUIRE(gz.ok());
  CHECK(gz->size() == 811259);
  CHECK(gz->rfind("{\"id\": \"2503.11731\", \"pdf\": ", 0) == 0);
  CHECK(gz->back() == '\n');

  auto plain = read_source_file(write_file(dir.path() / "copy.jsonl", *gz));
  REQUIRE(plain.ok());
  CHECK(*plain == *gz);
}

TEST_CASE("a real plain file and its gzip copy read identically") {
  testing::TempDir dir;
  const std::string original = raw_bytes(kaggle_json());
  REQUIRE(original.size() == 287303);
  auto plain = read_source_file(kaggle_json().string());
  REQUIRE(plain.ok());
  CHECK(*plain == original);
  auto gz = read_source_file(write_gzip(dir.path() / "kaggle.json.gz", original));
  REQUIRE(gz.ok());
  CHECK(*gz == original);
}

TEST_CASE("an empty file reads as empty text, plain or gzip") {
  testing::TempDir dir;
  for (const std::string& path :
       {write_file(dir.path() / "empty.txt", ""), write_gzip(dir.path() / "empty.gz", "")}) {
    CAPTURE(path);
    auto text = read_source_file(path);
    REQUIRE(text.ok());
    CHECK(text->empty());
    auto [lines, status] = read_lines(path);
    CHECK(lines.empty());
    CHECK(status.ok());
  }
}

TEST_CASE("a real gzip file cut at many offsets is rejected as truncated") {
  testing::TempDir dir;
  const std::string bytes = raw_bytes(daily_gz());
  // From just past the magic number, through the deflate data, into the 8-byte trailer.
  for (size_t cut :
       {size_t{2}, size_t{5}, size_t{10}, size_t{100}, bytes.size() / 4, bytes.size() / 2,
        bytes.size() - 9, bytes.size() - 8, bytes.size() - 4, bytes.size() - 1}) {
    CAPTURE(cut);
    const std::string path = write_file(dir.path() / "cut.gz", bytes.substr(0, cut));
    auto text = read_source_file(path);
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().code == ErrorCode::kInvalidInput);
    CHECK(text.error().message.find("truncated") != std::string::npos);
    CHECK(text.error().message.find(path) != std::string::npos);
  }
}

TEST_CASE("a real gzip file with a corrupted byte is rejected") {
  testing::TempDir dir;
  const std::string bytes = raw_bytes(daily_gz());
  // Inside the deflate data, then the CRC-32 and the length in the trailer.
  for (size_t at :
       {size_t{200}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 8, bytes.size() - 2}) {
    CAPTURE(at);
    std::string corrupt = bytes;
    corrupt[at] = static_cast<char>(corrupt[at] ^ 0xFF);
    const std::string path = write_file(dir.path() / "corrupt.gz", corrupt);
    auto text = read_source_file(path);
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().code == ErrorCode::kInvalidInput);
    auto [lines, status] = read_lines(path);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("a missing file is not found, for whole reads and line reads") {
  testing::TempDir dir;
  const std::string path = (dir.path() / "no-such-file.jsonl.gz").string();
  auto text = read_source_file(path);
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().code == ErrorCode::kNotFound);
  CHECK(text.error().message.find(path) != std::string::npos);

  LineReader reader;
  Status opened = reader.open(path);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::kNotFound);
  std::string line;
  CHECK_FALSE(reader.next(line));
  REQUIRE_FALSE(reader.status().ok());
  CHECK(reader.status().error().code == ErrorCode::kNotFound);
}

TEST_CASE("LineReader streams a real daily gzip file line by line as it reads whole") {
  const Strings whole = testing::lines_of(testing::read_file(daily_gz()));
  auto [lines, status] = read_lines(daily_gz().string());
  REQUIRE(status.ok());
  CHECK(lines.size() == 465);
  CHECK(lines == whole);
  CHECK(lines.back().rfind("{\"id\": \"2503.13446\"", 0) == 0);
}

TEST_CASE("LineReader yields the lines before a truncation, then reports it") {
  testing::TempDir dir;
  const std::string bytes = raw_bytes(daily_gz());
  const Strings whole = testing::lines_of(testing::read_file(daily_gz()));
  struct Case {
    size_t cut;
    size_t min_lines;
    size_t max_lines;
  };
  // Cut in the deflate data: only the first lines come. Cut in the trailer: every line came out,
  // but the stream cannot be verified, which must still be reported.
  const Case cases[] = {{bytes.size() / 2, 100, whole.size() - 100},
                        {bytes.size() - 4, whole.size(), whole.size()}};
  for (const auto& c : cases) {
    CAPTURE(c.cut);
    auto [lines, status] = read_lines(write_file(dir.path() / "cut.gz", bytes.substr(0, c.cut)));
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::kInvalidInput);
    CHECK(status.error().message.find("truncated") != std::string::npos);
    REQUIRE(lines.size() >= c.min_lines);
    REQUIRE(lines.size() <= c.max_lines);
    CHECK(std::equal(lines.begin(), lines.end(), whole.begin()));
  }
}

TEST_CASE("LineReader splits CRLF, blank and unterminated lines and lines longer than its buffer") {
  const std::string long_line(200000, 'x');
  struct Case {
    const char* name;
    std::string text;
    Strings lines;
  };
  const Case cases[] = {
      {"lf", "a\nb\n", {"a", "b"}},
      {"crlf", "a\r\nb\r\n", {"a", "b"}},
      {"no final newline", "a\nb", {"a", "b"}},
      {"no final newline after cr", "a\r\nb\r", {"a", "b"}},
      {"blank lines", "\n\na\n\n", {"", "", "a", ""}},
      {"lone cr kept inside", "a\rb\n", {"a\rb"}},
      {"long line", "s\n" + long_line + "\ne", {"s", long_line, "e"}},
      {"long last line", long_line, {long_line}},
  };
  testing::TempDir dir;
  for (const auto& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    for (const std::string& path : {write_file(dir.path() / "lines.txt", c.text),
                                    write_gzip(dir.path() / "lines.gz", c.text)}) {
      auto [lines, status] = read_lines(path);
      CHECK(status.ok());
      CHECK(lines == c.lines);
    }
  }
}

TEST_CASE("a LineReader opened again reads the new file from its start") {
  testing::TempDir dir;
  LineReader reader;
  REQUIRE_FALSE(reader.open((dir.path() / "missing").string()).ok());
  REQUIRE(reader.open(write_gzip(dir.path() / "one.gz", "1\n2\n")).ok());
  std::string line;
  REQUIRE(reader.next(line));
  CHECK(line == "1");
  REQUIRE(reader.open(write_file(dir.path() / "two.txt", "x\ny\n")).ok());
  CHECK(reader.status().ok());
  REQUIRE(reader.next(line));
  CHECK(line == "x");
  REQUIRE(reader.next(line));
  CHECK(line == "y");
  CHECK_FALSE(reader.next(line));
  CHECK(reader.status().ok());
}

}  // namespace
}  // namespace arxiv
