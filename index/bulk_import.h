// Bulk import into an empty index on several threads.
//
// One writer per Xapian database is the bottleneck of an import (docs/benchmarks.md), so the
// papers are written into one temporary shard per thread under <data dir>/import.bulk and the
// shards are merged with Xapian's compaction, then swapped in for the empty index in one atomic
// rename. A first pass reads every file and numbers the papers in the order the serial import
// would add them; shard i holds the i-th contiguous range of those numbers and gives each paper
// its number as docid, so the merge (without renumbering) ends with the same documents under
// the same docids as a serial import, and the same metadata.
//
// Each shard commits every `batch_size / threads` of its papers together with how many files it
// has finished, so a killed bulk import resumes shard by shard when run again on the same files
// (a plan file names them; other files or another thread count start over). Until the swap the
// index stays empty and readable. Not thread-safe itself: one call at a time, holding `target`.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "fetcher/result.h"
#include "index/import_source.h"
#include "index/importer.h"
#include "index/paper_store.h"

namespace arxiv {

// Where a bulk import keeps its shards while it runs.
std::filesystem::path bulk_work_path(const std::filesystem::path& data_dir);

// The number of threads `options` asks for on this machine (at least 1).
size_t import_threads(const ImportOptions& options);

// Imports `files` into the empty index of `data_dir`, whose writer `target` holds, on `threads`
// threads. Returns false without writing anything when the files hold fewer papers than one
// batch (`options.batch_size`), where the serial import is as fast. On true, `target` has been
// released and the index holds the papers; `summary` has the counts, rejected files and files read.
// An Error when a shard, the merge or the swap fails; the index is then still empty, and the work
// directory is kept for a rerun to resume.
Result<bool> bulk_import(const std::filesystem::path& data_dir,
                         std::unique_ptr<PaperWriter>& target, const std::vector<InputFile>& files,
                         const ImportOptions& options, size_t threads, ImportSummary& summary);

}  // namespace arxiv
