// The paper index on disk: one Xapian database under <data dir>/index, one document per paper
// keyed by its base arXiv id (schema in index/schema.h).
//
// PaperWriter is the single writer (Xapian allows one per database: a second one fails with
// kConflict). PaperReader is a read-only snapshot; many readers may exist alongside the writer,
// and reopen() moves a reader to the latest commit. Neither class is thread-safe: use one object
// per thread. Every method returns an Error instead of throwing.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"
#include "index/document_builder.h"

namespace arxiv {

// Where the index lives inside a data directory.
std::filesystem::path index_path(const std::filesystem::path& data_dir);

enum class UpsertOutcome { kAdded, kUpdated, kUnchanged };

// How many upserts ended each way, for summaries.
struct UpsertCounts {
  size_t added = 0;
  size_t updated = 0;
  size_t unchanged = 0;

  void count(UpsertOutcome outcome) {
    switch (outcome) {
      case UpsertOutcome::kAdded:
        ++added;
        break;
      case UpsertOutcome::kUpdated:
        ++updated;
        break;
      case UpsertOutcome::kUnchanged:
        ++unchanged;
        break;
    }
  }
  size_t total() const { return added + updated + unchanged; }
};

class PaperWriter {
 public:
  // Opens (creating if needed) the index in `data_dir`. kConflict if another writer holds it.
  static Result<std::unique_ptr<PaperWriter>> open(const std::filesystem::path& data_dir);

  // Adds `paper`, or merges it into the stored one (merge_papers: an older version never
  // overwrites a newer one; announcements are united). kUnchanged when the stored document
  // would be byte-identical, in which case nothing is written. A new paper gets `docid` when it
  // is not 0 (the bulk import's plan), else the next free one. Not durable until commit().
  Result<UpsertOutcome> upsert(const Paper& paper, Xapian::docid docid = 0);

  // Whether the index holds no paper and no metadata at all (never written to).
  Result<bool> empty();

  // Whether a paper with this base id is stored (uncommitted writes included).
  Result<bool> contains(const std::string& id);

  // Metadata rides in the same commit as the papers written before it.
  Status set_metadata(const std::string& key, const std::string& value);
  Result<std::string> metadata(const std::string& key);

  // Makes every change so far durable, atomically.
  Status commit();

  Result<size_t> paper_count();

 private:
  explicit PaperWriter(Xapian::WritableDatabase db) : db_(std::move(db)) {}

  Xapian::WritableDatabase db_;
  DocumentBuilder builder_;
  bool schema_written_ = false;
};

struct DayCount {
  std::string day;  // YYYY-MM-DD
  size_t papers = 0;
};

class PaperReader {
 public:
  // kNotFound with a hint to run `import` when the data directory has no index yet.
  static Result<std::unique_ptr<PaperReader>> open(const std::filesystem::path& data_dir);

  // Moves to the latest committed revision.
  Status reopen();

  Result<size_t> paper_count();
  // kNotFound when no paper has this base id.
  Result<Paper> paper(const std::string& id);
  // Every announcement day with at least one paper, oldest first.
  Result<std::vector<DayCount>> days();
  // Papers listed on `day` (0 if none).
  Result<size_t> papers_on(const std::string& day);
  // Whether an imported listing recorded `day` (possibly with zero papers).
  Result<bool> listing_seen(const std::string& day);
  // A metadata value (schema.h keys), "" when unset.
  Result<std::string> metadata(const std::string& key);

  // For the ranking code in this module.
  Xapian::Database& database() { return db_; }

 private:
  explicit PaperReader(Xapian::Database db) : db_(std::move(db)) {}

  Xapian::Database db_;
};

}  // namespace arxiv
