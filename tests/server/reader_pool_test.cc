// Index readers kept open between requests: each borrowed one sees the index as it is now.
#include "server/reader_pool.h"

#include <doctest/doctest.h>

#include "index/importer.h"
#include "tests/support/test_data.h"

namespace arxiv {

using testing::TempDir;

TEST_CASE("a reader borrowed again sees what was imported while it was in the pool") {
  TempDir dir;
  ReaderPool pool(2);
  CHECK(pool.borrow(dir.path()).error().code == ErrorCode::kNotFound);  // nothing imported yet

  REQUIRE(import_paths(dir.path(), testing::replay_files("2025-03-18", "2025-03-18"), {}).ok());
  size_t before = 0;
  const PaperReader* kept = nullptr;
  {
    auto reader = pool.borrow(dir.path());
    REQUIRE(reader.ok());
    before = reader.value()->paper_count().value();
    kept = &*reader.value();
  }
  REQUIRE(import_paths(dir.path(), testing::replay_files("2025-03-19", "2025-03-19"), {}).ok());
  auto reader = pool.borrow(dir.path());
  REQUIRE(reader.ok());
  CHECK(&*reader.value() == kept);  // the same reader, moved to the new commit
  CHECK(reader.value()->paper_count().value() > before);

  // Two borrowers at once never share a reader.
  auto second = pool.borrow(dir.path());
  REQUIRE(second.ok());
  CHECK(&*second.value() != &*reader.value());
  CHECK(second.value()->paper_count().value() == reader.value()->paper_count().value());
}

}  // namespace arxiv
