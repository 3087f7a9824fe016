#include "server/openapi.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include "server/http_util.h"
#include "server/routes.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Result<json> read_object(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return Error::unavailable("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  auto j = json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error::invalid_input(path.string() + " is not a JSON object");
  return j;
}

// Copies every member of `from` into `into`, remembering which file defined it, so a second
// definition is reported with both places instead of silently replacing the first.
Status merge_members(json& into, const json& from, const std::string& what, const fs::path& file,
                     std::map<std::string, fs::path>& defined_in) {
  if (!from.is_object())
    return Error::invalid_input(file.string() + ": '" + what + "' must be a JSON object");
  for (const auto& [key, value] : from.items()) {
    const std::string id = what + " '" + key + "'";
    if (auto [it, added] = defined_in.emplace(id, file); !added)
      return Error::invalid_input(file.string() + ": " + id + " is already defined in " +
                                  it->second.string());
    into[key] = value;
  }
  return {};
}

Status merge_fragment(json& doc, const json& fragment, const fs::path& file,
                      std::map<std::string, fs::path>& defined_in) {
  for (const auto& [key, value] : fragment.items()) {
    if (key == "paths") {
      if (Status s = merge_members(doc["paths"], value, "path", file, defined_in); !s.ok())
        return s;
    } else if (key == "components" && value.is_object()) {
      for (const auto& [kind, members] : value.items()) {
        if (kind != "schemas")
          return Error::invalid_input(file.string() + ": a fragment may only add components." +
                                      "schemas (found components." + kind + ")");
        if (Status s =
                merge_members(doc["components"]["schemas"], members, "schema", file, defined_in);
            !s.ok())
          return s;
      }
    } else {
      return Error::invalid_input(file.string() +
                                  ": a fragment may only hold 'paths' and 'components' (found '" +
                                  key + "')");
    }
  }
  return {};
}

}  // namespace

Result<json> load_openapi(const fs::path& dir) {
  auto base = read_object(dir / "base.json");
  if (!base.ok()) return base.error();
  json doc = std::move(base).value();
  if (!doc.value("info", json()).is_object() ||
      (doc.contains("components") && !doc["components"].is_object()))
    return Error::invalid_input((dir / "base.json").string() +
                                ": 'info' and 'components' must be objects");
  std::map<std::string, fs::path> defined_in;
  // The base's own paths and schemas take part in the duplicate check like any fragment's.
  json own = {
      {"paths", doc.value("paths", json::object())},
      {"components",
       {{"schemas", doc.value("components", json::object()).value("schemas", json::object())}}}};
  doc["paths"] = json::object();
  doc["components"]["schemas"] = json::object();
  if (Status s = merge_fragment(doc, own, dir / "base.json", defined_in); !s.ok()) return s.error();

  std::error_code ec;
  std::vector<fs::path> fragments;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() == ".json" && p.filename() != "base.json") fragments.push_back(p);
  }
  if (ec) return Error::unavailable("cannot list " + dir.string() + ": " + ec.message());
  std::sort(fragments.begin(), fragments.end());
  for (const auto& file : fragments) {
    auto fragment = read_object(file);
    if (!fragment.ok()) return fragment.error();
    if (Status s = merge_fragment(doc, fragment.value(), file, defined_in); !s.ok())
      return s.error();
  }
  return doc;
}

void add_openapi_routes(httplib::Server& http, ServerContext& ctx) {
  // Read once at start: the document describes this binary's routes, which do not change while
  // it runs. A broken document is answered as an error naming the file rather than stopping the
  // rest of the service.
  auto doc = load_openapi(ctx.config.web_dir / "openapi");
  // The version is the binary's, not whatever base.json last said.
  if (doc.ok()) doc.value()["info"]["version"] = ARXIV_TRIAGE_VERSION;
  auto loaded = std::make_shared<const Result<std::string>>(
      doc.ok() ? Result<std::string>(doc->dump()) : Result<std::string>(doc.error()));
  http.Get("/api/v1/openapi.json", [loaded](const httplib::Request&, httplib::Response& res) {
    if (!loaded->ok()) return send_error(res, Error::internal(loaded->error().message));
    res.status = 200;
    res.set_content(loaded->value(), "application/json");
  });
}

}  // namespace arxiv
