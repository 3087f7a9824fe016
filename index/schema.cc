#include "index/schema.h"

#include <cctype>
#include <vector>

namespace arxiv::schema {

std::string prefixed(std::string_view prefix, std::string_view value) {
  const bool colon = prefix.size() > 1 && !value.empty() &&
                     (std::isupper(static_cast<unsigned char>(value[0])) || value[0] == ':');
  std::string out(prefix);
  if (colon) out += ':';
  out += value;
  return out;
}

std::string compact_day(std::string_view day) {
  std::string out;
  for (char c : day) {
    if (c != '-') out += c;
  }
  return out;
}

std::string iso_from_compact(std::string_view compact) {
  if (compact.size() != 8) return std::string(compact);
  return std::string(compact.substr(0, 4)) + "-" + std::string(compact.substr(4, 2)) + "-" +
         std::string(compact.substr(6, 2));
}

std::string author_key(std::string_view name) {
  // Words of ASCII letters (LaTeX accent commands and braces dropped); UTF-8 letters are kept
  // as bytes so non-Latin names still get a stable key.
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == '\\') {
      // Skip the accent command character: \' \" \` \^ \~ \= \. or a letter command like \v.
      if (i + 1 < name.size()) ++i;
      continue;
    }
    if (c == '{' || c == '}') continue;
    if (std::isalpha(c) || c >= 0x80) {
      word += static_cast<char>(std::tolower(c));
    } else if (c == '-' || c == '\'') {
      continue;  // "Jean-Luc" and "O'Brien" stay one word
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  // Generational suffixes are not the last name.
  while (words.size() > 1 &&
         (words.back() == "jr" || words.back() == "sr" || words.back() == "ii" ||
          words.back() == "iii" || words.back() == "iv"))
    words.pop_back();
  if (words.empty()) return {};
  if (words.size() == 1) return words.front();
  return words.back() + "_" + words.front().substr(0, 1);
}

}  // namespace arxiv::schema
