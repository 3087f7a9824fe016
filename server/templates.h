// Templates: the mustache templates of the web pages, the *.mustache files of
// <web_dir>/templates, each known by its file name without the extension ("digest"). A template
// may include any other as a partial ({{> paper}}). Views are JSON values: objects, arrays,
// strings, booleans (false, null and "" hide a section; an empty array too) and numbers
// (printed as JSON prints them).
// {{name}} escapes & < > " ' for HTML; HTML templates never use {{{ }}} or {{& }} for data (only
// the text/plain part of the mail, mail_text, does: it holds no HTML to escape for).
//
// load() reads the files once; a Templates value is immutable afterwards and render() is
// thread-safe (each call parses its own copy).
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "fetcher/result.h"

namespace arxiv {

// Where templates/, static/ and openapi/ are by default: the checkout's web/ when it is there (a
// development build), else <the executable's directory>/../share/arxiv-triage/web, where
// `make install` puts them for any PREFIX.
std::filesystem::path default_web_dir();

class Templates {
 public:
  // kUnavailable naming the directory when it cannot be read or holds no template.
  static Result<Templates> load(const std::filesystem::path& web_dir);

  // The template `name` rendered over `view`. kInternal naming the template for an unknown
  // template or partial, or a template that does not parse.
  Result<std::string> render(const std::string& name, const nlohmann::json& view) const;

 private:
  std::map<std::string, std::string> sources_;
};

}  // namespace arxiv
