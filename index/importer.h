// Bulk import of saved arXiv documents (listing feeds, API pages, OAI-PMH pages, JSON-lines
// metadata; each optionally gzip-compressed) into the paper index.
//
// Files are streamed one at a time, so memory does not grow with their number; a JSON-lines file
// is read line by line. Papers are committed in batches. Into an empty index, an import of at
// least one batch of papers is built on several threads (index/bulk_import.h) and ends
// with the same documents under the same docids as the serial import. A file counts as imported
// once a commit has recorded it (its checkpoint is written in the same commit as its last papers),
// so a killed import leaves a usable index and running it again skips finished files and redoes the
// rest. Not thread-safe; holds the index's write lock while it runs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fetcher/result.h"
#include "index/import_source.h"
#include "index/paper_store.h"

namespace arxiv {

struct ImportProgress {
  size_t files_done = 0;
  size_t files_total = 0;
  uint64_t bytes_done = 0;  // compressed bytes of the files finished so far
  uint64_t bytes_total = 0;
  size_t papers = 0;  // papers read so far
  double seconds = 0;
};

struct ImportSummary {
  size_t files_read = 0;
  size_t files_skipped = 0;  // already imported and unchanged since (size and mtime)
  UpsertCounts papers;
  std::vector<RejectedFile> rejected;
  double seconds = 0;
};

inline constexpr size_t kMaxImportThreads = 4;

struct ImportOptions {
  bool force = false;        // re-read files already recorded as imported
  size_t batch_size = 2000;  // papers per commit (measured best on 2 cores, docs/design.md)
  // Threads for an import into an empty index; 0 = one per core, at most kMaxImportThreads.
  // 1 always imports serially.
  size_t threads = 0;
  std::function<void(const ImportProgress&)> on_progress;  // called often; may be empty
};

// Expands `paths` (files, or directories searched recursively for *.xml, *.json, *.jsonl, each
// optionally .gz) and imports them in name order. A file that cannot be read or parsed is listed
// in `rejected` with the reason and the others are still imported. Fails only when the index
// itself cannot be opened or written (e.g. kConflict while another writer holds it).
Result<ImportSummary> import_paths(const std::filesystem::path& data_dir,
                                   const std::vector<std::string>& paths,
                                   const ImportOptions& options);

}  // namespace arxiv
