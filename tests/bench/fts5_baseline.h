// The SQLite FTS5 anchor: the same parsed listing papers in one FTS5 table (porter tokenizer over
// title, abstract, authors and categories; the id unindexed), and the same search queries against
// it, in process. Runs in the calling process (wrap it in in_child() for its own peak memory); not
// thread-safe. Failures return zero Figures and say why on stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/bench/measure.h"

namespace arxiv::bench {

// Parses every listing file and upserts each paper by id (INSERT OR REPLACE on the rowid the id
// was first given, so a paper listed on several days is one row holding its latest listing),
// committing every 2,000 papers in WAL mode like arxiv-triage's own stores. count = rows stored.
Figures fts5_import(const std::vector<std::filesystem::path>& files,
                    const std::filesystem::path& db_file);

// Each query `rounds` times, in turn: the ranked top 20 (bm25) with every field read, plus the
// total number of matches, as the search API answers. Query words are ANDed, as arxiv-triage's
// search text is. p50/p99 over every execution.
Figures fts5_search(const std::filesystem::path& db_file, const std::vector<std::string>& queries,
                    int rounds);

}  // namespace arxiv::bench
