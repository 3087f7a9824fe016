// The JSON form of a Paper: what the index stores as document data and what the CLI and the API
// print. Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "fetcher/paper.h"
#include "fetcher/result.h"

namespace arxiv {

// Every field, with announcements as [{"day", "type", "version"}]. Empty fields are omitted
// except id, version, title, authors and categories.
nlohmann::json paper_to_json(const Paper& paper);

// The inverse of paper_to_json. Fails with kCorrupt when a field has the wrong type.
Result<Paper> paper_from_json(const nlohmann::json& json);

}  // namespace arxiv
