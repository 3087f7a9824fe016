// Test support: a small reader of BibTeX files, to check what the service writes the way BibTeX
// reads it (braces counted whether escaped or not), and the inverse of the escapes of
// server/bibtex.h for comparing field values with the stored text.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace arxiv::testing {

struct BibEntry {
  std::string type;  // "misc"
  std::string key;
  std::map<std::string, std::string> fields;  // name -> value without its outer braces
};

// Every entry of `text`; nullopt when it is not a sequence of @type{key, name = {value}, ...}.
std::optional<std::vector<BibEntry>> read_bibtex(const std::string& text);

// `value` with the escapes \& \% \# \_ \$ \{ \} \^{} \textbraceleft{} \textbraceright{}
// \textbackslash{} undone.
std::string unescaped(const std::string& value);

// The names of an author field: split on " and " outside braces, a braced name unbraced.
std::vector<std::string> bib_authors(const std::string& field);

}  // namespace arxiv::testing
