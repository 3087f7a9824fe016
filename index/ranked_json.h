// The JSON shapes of ranked results, shared by the CLI and (later) the REST API.
// Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "index/ranker.h"

namespace arxiv {

// {"id", "version", "title", "authors", "categories", "announce_type", "score", "matched"}
nlohmann::json ranked_paper_json(const RankedPaper& paper);
// {"date", "announced", "profiles": [{"name", "papers": [...]}]}
nlohmann::json digest_json(const Digest& digest);
// {"total", "papers": [...]}
nlohmann::json search_json(const SearchResults& results);

}  // namespace arxiv
