// Many profiles for the digest benchmark: deterministic variants of the shipped defaults, as a
// server with many users would hold. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "index/profile.h"

namespace arxiv::bench {

// The query's units: words, "phrases" and field:terms, in order (QueryParser's top-level terms).
std::vector<std::string> query_units(const std::string& query);

// `n` valid profiles. Variant i takes default profile i mod 5, keeps two thirds of its query units
// (which third is dropped rotates with i), adds three units of another default, adds that
// profile's categories to every second variant, and varies limit (5-20) and min_score (75-125% of
// the default's). Names are "vNNNN-<default>".
std::vector<Profile> profile_variants(size_t n);

}  // namespace arxiv::bench
