// The OpenAPI 3.0 document of the REST API, assembled from pieces: web/openapi/base.json (openapi,
// info, servers, components.securitySchemes, shared schemas and paths) and every other
// web/openapi/*.json fragment, each an object with only "paths" and "components": {"schemas"}.
// Each route group documents its own endpoints in its own fragment; the merged document is
// served at GET /api/v1/openapi.json (routes.h, add_openapi_routes). Pure functions over files;
// thread-safe.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "fetcher/result.h"

namespace arxiv {

// Reads `dir`/base.json and merges every other *.json in `dir` into it, fragments in file-name
// order. kInvalidInput naming the file for a file that is not a JSON object, a fragment with a
// key other than "paths" and "components" (or components other than "schemas"), and a path or
// schema defined twice (naming both files); kUnavailable when `dir` or base.json cannot be read.
Result<nlohmann::json> load_openapi(const std::filesystem::path& dir);

}  // namespace arxiv
