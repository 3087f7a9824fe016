// The corpora the bench imports: the shared replay (one rss.arxiv.org listing per announcement
// day) and copies of it that make a corpus N times as large from real papers only. Pure functions
// over files; thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace arxiv::bench {

// The listing files (*.xml, *.xml.gz) under `dir`, recursively, in name order.
std::vector<std::filesystem::path> listing_files(const std::filesystem::path& dir);

// Copy `k` (1..9) of one listing feed's text: every arXiv id's two-digit year moved by 10·k
// (mod 100) and every date moved back by k·70 weeks (so weekdays stay right). The replay's ids
// span 2018–2026, under ten years, so the copies' ids are new and distinct (the bench prints the
// papers each import added, which shows any collision); the replay spans under 70 weeks, so the
// copies' days are too. Titles, abstracts and authors stay as they were.
std::string copy_listing(std::string_view xml, int k);

// Writes copies 1..copies-1 of every listing in `replay` under `out`/copyK/, gzip-compressed like
// the replay. Returns the number of files written; 0 on any failure (said on stderr).
size_t write_copies(const std::filesystem::path& replay, const std::filesystem::path& out,
                    int copies);

}  // namespace arxiv::bench
