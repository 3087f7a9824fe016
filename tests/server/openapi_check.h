// Test support: checks real responses of the service against its OpenAPI 3.0 document
// (server/openapi.h). The validator knows the JSON-Schema subset the fragments use: type
// (string, integer, number, boolean, array, object), properties, required, items, enum,
// nullable, $ref to #/components/schemas/..., additionalProperties (false or a schema), and the
// annotations description, format, example and title. Any other keyword in a response schema is
// reported as unsupported rather than silently ignored. Pure functions (the check_* ones report
// through doctest); thread-safe.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace arxiv::testing {

// Where `value` departs from `schema`, one message per problem naming its JSON path:
// "$.profiles[0].papers[2].score: expected number, got string". Empty when it matches. `doc`
// resolves $refs.
std::vector<std::string> schema_errors(const nlohmann::json& doc, const nlohmann::json& schema,
                                       const nlohmann::json& value);

// What makes `doc` not a usable OpenAPI 3.0 document: a $ref that does not resolve, an operation
// without responses, a response without description, a path parameter not declared, a repeated
// operationId, an unknown security scheme, an unsupported schema keyword. Empty when none.
std::vector<std::string> document_problems(const nlohmann::json& doc);

// The documented operations, as "GET /api/v1/papers/{id}".
std::vector<std::string> documented_operations(const nlohmann::json& doc);

// REQUIREs that `method` `path_template` documents `status` with an application/json body and
// that `body` matches its schema; the failure message lists the mismatches by JSON path.
void check_response(const nlohmann::json& doc, const std::string& method,
                    const std::string& path_template, int status, const nlohmann::json& body);
// The same for a whole response: its status must be documented, its media type (Content-Type
// without parameters) must be one the status documents (no body when it documents none), and a
// JSON body must match the schema.
void check_response(const nlohmann::json& doc, const std::string& method,
                    const std::string& path_template, const httplib::Result& response);

}  // namespace arxiv::testing
