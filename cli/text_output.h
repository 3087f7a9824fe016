// Rendering digests and search results for a terminal. Pure functions; thread-safe.
#pragma once

#include <string>

#include "index/ranker.h"

namespace arxiv::cli {

// `listing_seen` tells "arXiv announced nothing" from "nothing imported for that day"; `merged`
// prints the all-profiles view (each paper once, with its profiles) instead of one list each.
std::string format_digest_text(const Digest& digest, bool listing_seen, bool merged);
std::string format_search_text(const SearchResults& results, size_t offset);

}  // namespace arxiv::cli
