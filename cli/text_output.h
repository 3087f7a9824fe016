// Rendering digests and search results for a terminal. Pure functions; thread-safe.
#pragma once

#include <string>

#include "index/ranker.h"

namespace arxiv::cli {

// `listing_seen` tells "arXiv announced nothing" from "nothing imported for that day".
std::string format_digest_text(const Digest& digest, bool listing_seen);
std::string format_search_text(const SearchResults& results, size_t offset);

}  // namespace arxiv::cli
