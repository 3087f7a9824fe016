#include "tests/server/bibtex_reader.h"

#include <cctype>
#include <utility>

namespace arxiv::testing {

namespace {

class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool at_end() {
    skip_space();
    return pos_ >= text_.size();
  }
  bool eat(char c) {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  // Characters up to (not including) one of `stops`, trimmed; nullopt at the end of the text.
  std::optional<std::string> until(const std::string& stops) {
    skip_space();
    const size_t end = text_.find_first_of(stops, pos_);
    if (end == std::string::npos) return std::nullopt;
    std::string out = text_.substr(pos_, end - pos_);
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    pos_ = end;
    return out;
  }
  // A braced value, as BibTeX reads it: every brace counts.
  std::optional<std::string> braced() {
    if (!eat('{')) return std::nullopt;
    int depth = 1;
    const size_t start = pos_;
    for (; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '{') ++depth;
      if (text_[pos_] == '}' && --depth == 0) return text_.substr(start, pos_++ - start);
    }
    return std::nullopt;
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

std::optional<std::vector<BibEntry>> read_bibtex(const std::string& text) {
  Reader r(text);
  std::vector<BibEntry> entries;
  while (!r.at_end()) {
    BibEntry e;
    if (!r.eat('@')) return std::nullopt;
    auto type = r.until("{");
    if (!type || !r.eat('{')) return std::nullopt;
    auto key = r.until(",");
    if (!key || !r.eat(',')) return std::nullopt;
    e.type = *type;
    e.key = *key;
    for (bool done = r.eat('}'); !done;) {
      auto name = r.until("=");
      if (!name || name->empty() || !r.eat('=')) return std::nullopt;
      auto value = r.braced();
      if (!value || !e.fields.emplace(*name, *value).second) return std::nullopt;
      // A comma may follow the last field too.
      if (r.eat(',')) {
        done = r.eat('}');
      } else if (r.eat('}')) {
        done = true;
      } else {
        return std::nullopt;
      }
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

std::string unescaped(const std::string& value) {
  std::string s = value;
  replace_all(s, "\\textbraceleft{}", "{");
  replace_all(s, "\\textbraceright{}", "}");
  replace_all(s, "\\textbackslash{}", "\\");
  replace_all(s, "\\^{}", "^");
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool escape = s[i] == '\\' && i + 1 < s.size() &&
                        std::string("&%#_${}").find(s[i + 1]) != std::string::npos;
    if (escape) ++i;
    out += s[i];
  }
  return out;
}

std::vector<std::string> bib_authors(const std::string& field) {
  std::vector<std::string> names;
  std::string name;
  int depth = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '{') ++depth;
    if (field[i] == '}') --depth;
    if (depth == 0 && field.compare(i, 5, " and ") == 0) {
      names.push_back(std::move(name));
      name.clear();
      i += 4;
      continue;
    }
    name += field[i];
  }
  names.push_back(std::move(name));
  for (auto& n : names) {
    if (n.size() >= 2 && n.front() == '{' && n.back() == '}') n = n.substr(1, n.size() - 2);
  }
  return names;
}

}  // namespace arxiv::testing
