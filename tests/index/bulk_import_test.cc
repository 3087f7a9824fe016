// The bulk import (index/bulk_import.h) against the serial import of the same files: the same
// documents (data, terms with wdf and positions, values) under the same docids, the same
// metadata, also after being killed and run again.
#include "index/bulk_import.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include "index/importer.h"
#include "index/paper_store.h"
#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;

// Everything a reader can see of an index, keyed so two dumps compare equal only when the
// indexes answer every query alike.
struct IndexDump {
  Xapian::doccount docs = 0;
  Xapian::docid last_docid = 0;
  Xapian::totallength total_length = 0;
  std::map<Xapian::docid, std::string> documents;  // data, terms, positions, values
  std::map<std::string, std::string> metadata;

  bool operator==(const IndexDump&) const = default;
};

IndexDump dump(const fs::path& data_dir) {
  Xapian::Database db(index_path(data_dir).string());
  IndexDump out;
  out.docs = db.get_doccount();
  out.last_docid = db.get_lastdocid();
  out.total_length = db.get_total_length();
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    std::ostringstream text;
    text << doc.get_data() << "\n";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      text << *t << ":" << t.get_wdf() << "@";
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) text << *p << ",";
      text << " ";
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
      text << "\nvalue " << v.get_valueno() << "=" << *v;
    out.documents[*it] = text.str();
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
    out.metadata[*k] = db.get_metadata(*k);
  return out;
}

ImportOptions with(size_t threads, size_t batch) {
  ImportOptions options;
  options.threads = threads;
  options.batch_size = batch;
  return options;
}

std::vector<std::string> first_files(size_t n) {
  const auto files = testing::fortnight_files();
  return {files.begin(), files.begin() + static_cast<std::ptrdiff_t>(n)};
}

// Runs an import in a child process and SIGKILLs it once `kill_after` papers are stored.
void import_killed(const fs::path& data_dir, const std::vector<std::string>& files,
                   const ImportOptions& base, size_t kill_after) {
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ImportOptions options = base;
    options.on_progress = [&](const ImportProgress& p) {
      if (p.papers >= kill_after) raise(SIGKILL);
    };
    (void)import_paths(data_dir, files, options);
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE_MESSAGE(WIFSIGNALED(status), "the import finished before the kill");
}

}  // namespace

TEST_CASE("a bulk import on two threads ends with the serial import's index, docids included") {
  const auto files = first_files(2);
  testing::TempDir serial, bulk, three;
  auto one = import_paths(serial.path(), files, with(1, 100));
  auto two = import_paths(bulk.path(), files, with(2, 100));
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  CHECK(two->papers.added == one->papers.added);
  CHECK(two->files_read == one->files_read);
  CHECK(two->rejected.size() == one->rejected.size());
  const IndexDump expected = dump(serial.path());
  REQUIRE(expected.docs == 328 + 172);
  CHECK(dump(bulk.path()) == expected);
  CHECK_FALSE(fs::exists(bulk_work_path(bulk.path())));

  INFO("three threads split the papers unevenly");
  REQUIRE(import_paths(three.path(), files, with(3, 100)).ok());
  CHECK(dump(three.path()) == expected);

  INFO("a second import into the bulk-built index takes the serial path and changes nothing");
  auto again = import_paths(bulk.path(), files, with(2, 100));
  REQUIRE(again.ok());
  CHECK(again->files_skipped == files.size());
  CHECK(dump(bulk.path()) == expected);
}

TEST_CASE("an import too small to give each thread a batch is imported serially") {
  const auto files = first_files(1);
  testing::TempDir serial, dir;
  REQUIRE(import_paths(serial.path(), files, with(1, 2000)).ok());
  auto summary = import_paths(dir.path(), files, with(2, 2000));
  REQUIRE(summary.ok());
  CHECK(summary->papers.added == 328);
  CHECK(dump(dir.path()) == dump(serial.path()));
}

TEST_CASE("a bulk import killed part way resumes shard by shard and ends as the serial one") {
  // tests/e2e/crash_index_test.cc kills the real binary's bulk import at random moments, the
  // merge and the swap included; this one looks at the shards left behind.
  const auto files = first_files(2);
  testing::TempDir serial, dir;
  REQUIRE(import_paths(serial.path(), files, with(1, 100)).ok());
  import_killed(dir.path(), files, with(2, 100), 250);
  // Until the merge is swapped in, readers see an empty index, never a broken one.
  auto reader = PaperReader::open(dir.path());
  REQUIRE(reader.ok());
  CHECK(reader.value()->paper_count().value() == 0);
  REQUIRE(fs::exists(bulk_work_path(dir.path()) / "plan"));
  auto shard = PaperReader::open(bulk_work_path(dir.path()) / "shard-0");
  REQUIRE(shard.ok());
  CHECK(shard.value()->paper_count().value() > 0);

  auto rerun = import_paths(dir.path(), files, with(2, 100));
  REQUIRE(rerun.ok());
  CHECK(rerun->rejected.empty());
  CHECK(dump(dir.path()) == dump(serial.path()));
  CHECK_FALSE(fs::exists(bulk_work_path(dir.path())));
}

TEST_CASE("a shard killed while Xapian was creating it is started again on the rerun") {
  const auto files = first_files(2);
  testing::TempDir serial, dir;
  REQUIRE(import_paths(serial.path(), files, with(1, 100)).ok());
  import_killed(dir.path(), files, with(2, 100), 250);
  // What a kill between creating the tables and writing the version file leaves.
  const fs::path version = bulk_work_path(dir.path()) / "shard-1" / "index" / "iamglass";
  REQUIRE(fs::exists(version));
  fs::remove(version);
  REQUIRE_FALSE(PaperReader::open(bulk_work_path(dir.path()) / "shard-1").ok());

  auto rerun = import_paths(dir.path(), files, with(2, 100));
  REQUIRE(rerun.ok());
  CHECK(dump(dir.path()) == dump(serial.path()));
  CHECK_FALSE(fs::exists(bulk_work_path(dir.path())));
}

TEST_CASE("shards of a killed bulk import are dropped when the next import is of other files") {
  const auto files = first_files(1);
  testing::TempDir serial, dir;
  auto reference = import_paths(serial.path(), files, with(1, 100));
  REQUIRE(reference.ok());
  import_killed(dir.path(), first_files(2), with(2, 100), 250);
  REQUIRE(fs::exists(bulk_work_path(dir.path())));
  auto rerun = import_paths(dir.path(), files, with(2, 100));
  REQUIRE(rerun.ok());
  // Another plan: the killed run's shards are not resumed, every paper is added afresh.
  CHECK(rerun->papers.added == reference->papers.added);
  CHECK(dump(dir.path()) == dump(serial.path()));
  CHECK_FALSE(fs::exists(bulk_work_path(dir.path())));
}

}  // namespace arxiv
