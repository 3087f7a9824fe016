#include "index/importer.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <random>

#include "index/paper_store.h"
#include "index/schema.h"
#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;

// Every stored document's data by arXiv id: two indexes with equal maps hold the same papers,
// versions and announcements.
std::map<std::string, std::string> snapshot(const fs::path& data_dir) {
  Xapian::Database db(index_path(data_dir).string());
  std::map<std::string, std::string> out;
  const std::string prefix(schema::kId);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    REQUIRE(t.get_termfreq() == 1);
    out[(*t).substr(prefix.size())] = db.get_document(*db.postlist_begin(*t)).get_data();
  }
  return out;
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

}  // namespace

TEST_CASE("importing a fortnight of replay listings stores every paper with its announcement day") {
  const auto& dir = testing::fortnight_data_dir();
  auto reader = PaperReader::open(dir);
  REQUIRE(reader.ok());
  CHECK(reader.value()->paper_count().value() == 2327);
  auto days = reader.value()->days();
  REQUIRE(days.ok());
  REQUIRE(days->size() == 10);
  CHECK(days->front().day == "2025-03-18");
  CHECK(days->front().papers == 328);
  CHECK(days->back().day == "2025-03-31");
  CHECK(days->back().papers == 201);
  // The empty Saturday listing is remembered as a day without an announcement.
  CHECK(reader.value()->listing_seen("2025-03-22").value());
  CHECK(reader.value()->papers_on("2025-03-22").value() == 0);
  CHECK_FALSE(reader.value()->listing_seen("2025-03-23").value());
  auto paper = reader.value()->paper("2503.18646");
  REQUIRE(paper.ok());
  CHECK(paper->announced() == "2025-03-25");
  CHECK(paper->announcements.front().type == AnnounceType::kNew);
}

TEST_CASE("importing the same files again skips them, and forcing it changes nothing") {
  testing::TempDir dir;
  const auto files = testing::fortnight_files();
  std::vector<std::string> three(files.begin(), files.begin() + 3);
  auto first = import_paths(dir.path(), three, {});
  REQUIRE(first.ok());
  CHECK(first->files_read == 3);
  CHECK(first->papers.added == 328 + 172 + 211);
  const auto before = snapshot(dir.path());

  auto again = import_paths(dir.path(), three, {});
  REQUIRE(again.ok());
  CHECK(again->files_read == 0);
  CHECK(again->files_skipped == 3);
  CHECK(again->papers.total() == 0);

  ImportOptions force;
  force.force = true;
  auto forced = import_paths(dir.path(), three, force);
  REQUIRE(forced.ok());
  CHECK(forced->papers.unchanged == 328 + 172 + 211);
  CHECK(forced->papers.added == 0);
  CHECK(forced->papers.updated == 0);
  CHECK(snapshot(dir.path()) == before);
}

TEST_CASE("a bad file is reported with its reason and the other files are still imported") {
  testing::TempDir dir;
  const auto files = testing::fortnight_files();
  const fs::path inputs = dir.path() / "inputs";
  fs::create_directories(inputs);
  fs::copy_file(files[1], inputs / "2025-03-19.xml.gz");
  const std::string good = testing::read_file(files[2]);
  write_file(inputs / "truncated.xml", good.substr(0, good.size() / 2));
  write_file(inputs / "notes.json", "{\"url\": \"x\", \"status_code\": 200, \"body\": \"\"}\n");
  std::ifstream raw(files[1], std::ios::binary);
  std::string raw_bytes((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
  write_file(inputs / "cut.xml.gz", raw_bytes.substr(0, raw_bytes.size() / 3));
  write_file(inputs / "ignored.txt", "not imported: not a listed extension");

  auto summary =
      import_paths(dir.path() / "data", {inputs.string(), (dir.path() / "missing").string()}, {});
  REQUIRE(summary.ok());
  CHECK(summary->files_read == 1);
  CHECK(summary->papers.added == 172);
  REQUIRE(summary->rejected.size() == 4);
  std::map<std::string, std::string> reasons;
  for (const auto& r : summary->rejected) reasons[fs::path(r.path).filename().string()] = r.reason;
  CHECK(reasons.count("missing"));
  CHECK(reasons["cut.xml.gz"].find("truncated") != std::string::npos);
  CHECK(reasons["notes.json"].find("not a recognised arXiv document") != std::string::npos);
  CHECK_FALSE(reasons["truncated.xml"].empty());
  CHECK(PaperReader::open(dir.path() / "data").value()->paper_count().value() == 172);
}

TEST_CASE("a JSON-lines daily dump takes its announcement day from the file name") {
  testing::TempDir dir;
  const fs::path file =
      testing::shared_data() / "corpus" / "daily-arxiv-ai-enhanced" / "2025-03-25.jsonl.gz";
  auto summary = import_paths(dir.path(), {file.string()}, {});
  REQUIRE(summary.ok());
  REQUIRE(summary->rejected.empty());
  CHECK(summary->papers.added > 300);
  auto paper = PaperReader::open(dir.path()).value()->paper("2503.18646");
  REQUIRE(paper.ok());
  CHECK(paper->announced() == "2025-03-25");
}

TEST_CASE("an import killed at random points and run again ends with the same papers") {
  const auto files = testing::fortnight_files();
  std::vector<std::string> some(files.begin(), files.begin() + 6);
  testing::TempDir reference;
  REQUIRE(import_paths(reference.path(), some, {}).ok());
  const auto expected = snapshot(reference.path());
  REQUIRE(expected.size() == 328 + 172 + 211 + 203 + 0 + 223);

  std::mt19937 rng(20250318);
  for (int round = 0; round < 4; ++round) {
    testing::TempDir dir;
    // Kill after a random number of papers, with small batches so commits land mid-file too.
    const size_t kill_after = std::uniform_int_distribution<size_t>(50, expected.size() - 50)(rng);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ImportOptions options;
      options.batch_size = 97;
      options.on_progress = [&](const ImportProgress& p) {
        if (p.papers >= kill_after) raise(SIGKILL);
      };
      (void)import_paths(dir.path(), some, options);
      _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK_MESSAGE(WIFSIGNALED(status),
                  "round " << round << ": the import finished before the kill");
    auto partial = PaperReader::open(dir.path());
    REQUIRE_MESSAGE(partial.ok(), "the killed import left no usable index");
    CHECK(partial.value()->paper_count().value() <= expected.size());

    auto rerun = import_paths(dir.path(), some, {});
    REQUIRE(rerun.ok());
    CHECK(rerun->rejected.empty());
    CHECK(snapshot(dir.path()) == expected);
  }
}

}  // namespace arxiv
