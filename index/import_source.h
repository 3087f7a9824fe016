// The input side of `import`: which files a list of paths names, how a file is keyed in the
// index's metadata, and reading one file's papers (listing feeds, API pages, OAI-PMH pages and
// JSON-lines metadata, each optionally gzip-compressed).
//
// Shared by the serial importer and the parallel bulk import (index/bulk_import.h), so both read
// exactly the same papers in the same order. Free functions with no shared state: thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"

namespace arxiv {

struct RejectedFile {
  std::string path;
  std::string reason;
};

struct InputFile {
  std::filesystem::path path;  // absolute, normalised
  uint64_t size = 0;
  std::string fingerprint;  // "size:mtime", recorded when the file is imported
};

// Expands `paths` (files, or directories searched recursively for *.xml, *.json, *.jsonl, each
// optionally .gz) into files in name order. A path that does not exist or cannot be listed is
// added to `rejected` with the reason.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& paths,
                                     std::vector<RejectedFile>& rejected);

// The metadata key that records `path` as imported (schema::kImportedFilePrefix + path, or a
// hash of it with its tail kept readable when the path is long).
std::string imported_file_key(const std::filesystem::path& path);

// What reading one file found besides its papers.
struct InputOutcome {
  std::string rejected;      // why the file is not (wholly) usable; "" when it is
  std::string listing_day;   // a listing feed's announcement day (YYYY-MM-DD), else ""
  size_t listing_items = 0;  // the papers that listing named
};

// Called with each paper of a file, in file order. A failing status stops the read and is
// returned as the error of read_input.
using PaperSink = std::function<Status(Paper&)>;

// Reads `file` and hands its papers to `sink`. A file that cannot be read or parsed gives an
// outcome with `rejected` set and no papers. A JSON-lines file with some bad lines hands over
// its good lines and is rejected with a count of the bad ones. Fails only with the sink's error.
Result<InputOutcome> read_input(const InputFile& file, const PaperSink& sink);

}  // namespace arxiv
