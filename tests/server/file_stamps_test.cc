// The stat() fingerprint the digest cache trusts instead of reading the index, the feedback store
// and profiles.toml on every request.
#include "server/file_stamps.h"

#include <doctest/doctest.h>

#include <fstream>

#include "tests/support/test_data.h"

namespace arxiv {

using testing::TempDir;

namespace {

const std::filesystem::path kListing =
    testing::shared_data() / "replay" / "rss" / "2025-04-01.xml.gz";

void append(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::app | std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a file's stamp moves when it is created, written, replaced or removed") {
  TempDir dir;
  const auto file = dir.path() / "listing.xml.gz";
  const auto other = dir.path() / "other";
  const std::vector<std::filesystem::path> files = {file, other};
  const FileStamps absent = FileStamps::of(files);
  CHECK(FileStamps::of(files) == absent);

  std::filesystem::copy_file(kListing, file);
  const FileStamps created = FileStamps::of(files);
  CHECK_FALSE(created == absent);
  CHECK(FileStamps::of(files) == created);

  append(file, testing::read_file(kListing).substr(0, 100));
  const FileStamps written = FileStamps::of(files);
  CHECK_FALSE(written == created);

  // A replacement by rename, as profiles.toml and Xapian's iamglass are written, even with the
  // very same bytes.
  std::filesystem::copy_file(file, other);
  std::filesystem::rename(other, file);
  const FileStamps replaced = FileStamps::of(files);
  CHECK_FALSE(replaced == written);

  std::filesystem::remove(file);
  CHECK(FileStamps::of(files) == absent);
}

TEST_CASE("stamps are settled only when every file changed longer than the margin ago") {
  TempDir dir;
  const auto file = dir.path() / "listing.xml.gz";
  const auto before = std::chrono::system_clock::now();
  CHECK(FileStamps::of({file}).settled(before));  // nothing there to change unseen

  std::filesystem::copy_file(kListing, file);
  const auto now = std::chrono::system_clock::now();
  const FileStamps fresh = FileStamps::of({file});
  CHECK_FALSE(fresh.settled(now));
  CHECK_FALSE(fresh.settled(now + FileStamps::kDefaultMargin / 2));
  CHECK(fresh.settled(now + std::chrono::hours(1)));
  CHECK(fresh.settled(now + std::chrono::seconds(1), std::chrono::milliseconds(0)));
}

}  // namespace arxiv
