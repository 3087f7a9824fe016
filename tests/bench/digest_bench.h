// Ranking measurements over an imported data directory, in process: a day's digest for a set of
// profiles (with or without feedback), the plain-BM25 anchor for it, and search latency. Each
// opens its own reader; run it in in_child() for its own peak memory. Not thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "index/feedback.h"
#include "index/model_cache.h"
#include "index/profile.h"
#include "tests/bench/measure.h"

namespace arxiv::bench {

struct BusiestDay {
  std::string day;  // YYYY-MM-DD; empty when the index cannot be read
  size_t papers = 0;
};

// The announcement day with the most papers in `data`'s index.
BusiestDay busiest_day(const std::filesystem::path& data);

// build_digest() of `day` for `profiles` on two threads (DigestOptions::data_dir), `runs` times:
// p50/p99 of one whole digest.
Figures digest_ours(const std::filesystem::path& data, const std::string& day,
                    const std::vector<Profile>& profiles, int runs, const Feedback* feedback,
                    ModelCache* models);

// The default profiles' queries as plain BM25 (QueryParser, OP_FILTER on the day), top `limit`
// documents read: what a digest costs without bonuses, description similarity or explanations.
Figures digest_plain_bm25(const std::filesystem::path& data, const std::string& day, int runs);

// Likes and dismissals of every profile from the dev judgments in `labels_dir`.
Feedback dev_feedback(const std::filesystem::path& labels_dir);

// search_papers() of each query `rounds` times in turn, 20 results with facets counted, as the
// search API asks for them: p50/p99 of one search.
Figures search_ours(const std::filesystem::path& data, const std::vector<std::string>& queries,
                    int rounds);

}  // namespace arxiv::bench
