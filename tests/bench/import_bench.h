// Import measurements: arxiv-triage's own import of listing files into a fresh index, and the
// plain single-threaded Xapian indexing of the same parsed papers that anchors it. Each runs in
// the calling process (wrap it in in_child() for its own peak memory); not thread-safe.
#pragma once

#include <filesystem>
#include <vector>

#include "tests/bench/measure.h"

namespace arxiv::bench {

// import_paths() of `sources` (files or directories) into a fresh data directory `data` on
// `threads` threads (0: one per core, as `arxiv-triage import`). count is the papers added, so a
// collision of ids would show as fewer papers.
Figures import_ours(const std::vector<std::filesystem::path>& sources,
                    const std::filesystem::path& data, size_t threads = 0);

// TermGenerator over title and abstract, add_document, commit every 1,000: the best plain setting
// in ../shared/reference/xapian.md. Every item counts (no merging of repeated papers).
Figures import_plain_xapian(const std::vector<std::filesystem::path>& files,
                            const std::filesystem::path& dir);

}  // namespace arxiv::bench
