#include "tests/server/openapi_check.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

namespace arxiv::testing {

namespace {

using nlohmann::json;

const std::set<std::string> kKeywords = {"type", "properties", "required", "items",
                                         "enum", "nullable",   "$ref",     "additionalProperties"};
const std::set<std::string> kAnnotations = {"description", "format", "example", "title"};
const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                        "options", "head", "patch", "trace"};

std::string type_of(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

bool has_type(const json& v, const std::string& type) {
  if (type == "number") return v.is_number();
  return type_of(v) == type;
}

// "#/components/schemas/Paper" -> the schema; null when it does not resolve.
const json* resolve(const json& doc, const std::string& ref) {
  if (ref.rfind("#/", 0) != 0) return nullptr;
  try {
    return &doc.at(json::json_pointer(ref.substr(1)));
  } catch (const std::exception&) {
    return nullptr;
  }
}

void validate(const json& doc, const json& schema, const json& value, const std::string& path,
              std::vector<std::string>& errors) {
  if (!schema.is_object()) return errors.push_back(path + ": the schema is not an object");
  for (const auto& [key, ignored] : schema.items()) {
    if (!kKeywords.count(key) && !kAnnotations.count(key))
      errors.push_back(path + ": unsupported schema keyword '" + key + "'");
  }
  if (schema.contains("$ref")) {
    const json* target =
        schema["$ref"].is_string() ? resolve(doc, schema["$ref"].get<std::string>()) : nullptr;
    if (!target) return errors.push_back(path + ": $ref " + schema["$ref"].dump() + " is unknown");
    return validate(doc, *target, value, path, errors);
  }
  if (value.is_null() && schema.value("nullable", false)) return;
  const std::string type = schema.value("type", "");
  if (!type.empty() && !has_type(value, type))
    return errors.push_back(path + ": expected " + type + ", got " + type_of(value) + " " +
                            value.dump().substr(0, 80));
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end())
    errors.push_back(path + ": " + value.dump() + " is not one of " + schema["enum"].dump());
  if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i)
      validate(doc, schema["items"], value[i], path + "[" + std::to_string(i) + "]", errors);
  }
  if (!value.is_object()) return;
  for (const auto& name : schema.value("required", json::array())) {
    if (!value.contains(name.get<std::string>()))
      errors.push_back(path + ": required property '" + name.get<std::string>() + "' is missing");
  }
  const json properties = schema.value("properties", json::object());
  const json extra = schema.value("additionalProperties", json(true));
  for (const auto& [name, member] : value.items()) {
    const std::string where = path + "." + name;
    if (properties.contains(name)) {
      validate(doc, properties[name], member, where, errors);
    } else if (extra.is_object()) {
      validate(doc, extra, member, where, errors);
    } else if (extra == false) {
      errors.push_back(where + ": property not in the schema (additionalProperties is false)");
    }
  }
}

void find_refs(const json& doc, const json& node, const std::string& where,
               std::vector<std::string>& problems) {
  if (node.is_object()) {
    if (node.contains("$ref") &&
        (!node["$ref"].is_string() || !resolve(doc, node["$ref"].get<std::string>())))
      problems.push_back(where + ": $ref " + node["$ref"].dump() + " does not resolve");
    for (const auto& [key, child] : node.items())
      find_refs(doc, child, where + "/" + key, problems);
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i)
      find_refs(doc, node[i], where + "/" + std::to_string(i), problems);
  }
}

// Unsupported keywords anywhere inside a schema, without following $refs (each named schema is
// checked on its own).
void check_keywords(const json& schema, const std::string& where,
                    std::vector<std::string>& problems) {
  if (!schema.is_object()) return problems.push_back(where + ": a schema must be an object");
  for (const auto& [key, child] : schema.items()) {
    if (!kKeywords.count(key) && !kAnnotations.count(key))
      problems.push_back(where + ": unsupported schema keyword '" + key + "'");
  }
  if (schema.contains("items")) check_keywords(schema["items"], where + "/items", problems);
  if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object())
    check_keywords(schema["additionalProperties"], where + "/additionalProperties", problems);
  const json properties = schema.value("properties", json::object());
  for (const auto& [name, child] : properties.items())
    check_keywords(child, where + "/properties/" + name, problems);
}

void check_operation(const json& doc, const std::string& path, const json& item,
                     const std::string& method, std::set<std::string>& operation_ids,
                     std::vector<std::string>& problems) {
  const json& op = item[method];
  const std::string where = method + " " + path;
  if (op.contains("operationId") && !operation_ids.insert(op["operationId"]).second)
    problems.push_back(where + ": operationId " + op["operationId"].dump() + " is repeated");
  // Every {name} of the template must be declared as a required path parameter.
  static const std::regex kParam(R"(\{([^}]+)\})");
  for (std::sregex_iterator it(path.begin(), path.end(), kParam), end; it != end; ++it) {
    bool declared = false;
    for (const json* params : {&item, &op}) {
      for (const auto& p : params->value("parameters", json::array()))
        declared = declared || (p.value("in", "") == "path" && p.value("name", "") == (*it)[1] &&
                                p.value("required", false));
    }
    if (!declared)
      problems.push_back(where + ": path parameter {" + (*it)[1].str() + "} is not declared");
  }
  const json responses = op.value("responses", json::object());
  if (responses.empty()) problems.push_back(where + ": no responses");
  for (const auto& [status, response] : responses.items()) {
    if (!response.contains("description"))
      problems.push_back(where + " " + status + ": a response needs a description");
    const json content_types = response.value("content", json::object());
    for (const auto& [media, content] : content_types.items())
      if (content.contains("schema"))
        check_keywords(content["schema"], where + " " + status + " " + media, problems);
  }
  const json schemes =
      doc.value("components", json::object()).value("securitySchemes", json::object());
  for (const auto& requirement : op.value("security", doc.value("security", json::array()))) {
    for (const auto& [name, ignored] : requirement.items())
      if (!schemes.contains(name)) problems.push_back(where + ": unknown security scheme " + name);
  }
}

std::string media_type(const std::string& content_type) {
  std::string media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && std::isspace(static_cast<unsigned char>(media.back()))) media.pop_back();
  return media;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < 20; ++i) out += "\n  " + lines[i];
  if (lines.size() > 20) out += "\n  ... and " + std::to_string(lines.size() - 20) + " more";
  return out;
}

// The documented response of `method path_template` for `status`; fails the test when there is
// none.
json documented_response(const json& doc, const std::string& method,
                         const std::string& path_template, int status) {
  std::string lower = method;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  const std::string op = method + " " + path_template;
  const json paths = doc.value("paths", json::object());
  REQUIRE_MESSAGE(paths.contains(path_template), op, " is not documented");
  REQUIRE_MESSAGE(paths[path_template].contains(lower), op, " is not documented");
  const json responses = paths[path_template][lower].value("responses", json::object());
  std::string documented;
  for (const auto& [code, ignored] : responses.items()) documented += " " + code;
  REQUIRE_MESSAGE(responses.contains(std::to_string(status)), op, " answered ", status,
                  ", which is not documented (documented:", documented, ")");
  return responses[std::to_string(status)];
}

}  // namespace

std::vector<std::string> schema_errors(const json& doc, const json& schema, const json& value) {
  std::vector<std::string> errors;
  validate(doc, schema, value, "$", errors);
  return errors;
}

std::vector<std::string> document_problems(const json& doc) {
  std::vector<std::string> problems;
  if (doc.value("openapi", "").rfind("3.0.", 0) != 0) problems.push_back("openapi is not 3.0.x");
  if (!doc.contains("info") || !doc["info"].contains("title") || !doc["info"].contains("version"))
    problems.push_back("info needs title and version");
  if (!doc.contains("paths") || doc["paths"].empty()) problems.push_back("no paths");
  find_refs(doc, doc, "#", problems);
  const json components = doc.value("components", json::object());
  const json schemas = components.value("schemas", json::object());
  for (const auto& [name, schema] : schemas.items())
    check_keywords(schema, "#/components/schemas/" + name, problems);
  std::set<std::string> operation_ids;
  const json paths = doc.value("paths", json::object());
  for (const auto& [path, item] : paths.items()) {
    for (const auto& [method, ignored] : item.items()) {
      if (kMethods.count(method)) check_operation(doc, path, item, method, operation_ids, problems);
    }
  }
  return problems;
}

std::vector<std::string> documented_operations(const json& doc) {
  std::vector<std::string> out;
  const json paths = doc.value("paths", json::object());
  for (const auto& [path, item] : paths.items()) {
    for (const auto& [method, ignored] : item.items()) {
      if (!kMethods.count(method)) continue;
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      out.push_back(upper + " " + path);
    }
  }
  return out;
}

void check_response(const json& doc, const std::string& method, const std::string& path_template,
                    int status, const json& body) {
  const json response = documented_response(doc, method, path_template, status);
  const json content = response.value("content", json::object());
  REQUIRE_MESSAGE(content.contains("application/json"), method, " ", path_template, " ", status,
                  " documents no application/json body");
  const auto errors = schema_errors(doc, content["application/json"].value("schema", json()), body);
  REQUIRE_MESSAGE(errors.empty(), method, " ", path_template, " ", status,
                  " does not match its schema:", joined(errors));
}

void check_response(const json& doc, const std::string& method, const std::string& path_template,
                    const httplib::Result& r) {
  REQUIRE_MESSAGE(r, method, " ", path_template, ": no response");
  const json response = documented_response(doc, method, path_template, r->status);
  const json content = response.value("content", json::object());
  const std::string media = media_type(r->get_header_value("Content-Type"));
  if (content.empty()) {
    REQUIRE_MESSAGE(r->body.empty(), method, " ", path_template, " ", r->status,
                    " documents no body but one came (", media, ")");
    return;
  }
  std::string documented;
  for (const auto& [type, ignored] : content.items()) documented += " " + type;
  REQUIRE_MESSAGE(content.contains(media), method, " ", path_template, " ", r->status, " answered ",
                  media, ", documented:", documented);
  if (media != "application/json") return;
  const json body = json::parse(r->body, nullptr, false);
  REQUIRE_MESSAGE(!body.is_discarded(), method, " ", path_template, " ", r->status,
                  " answered a body that is not JSON");
  check_response(doc, method, path_template, r->status, body);
}

}  // namespace arxiv::testing
