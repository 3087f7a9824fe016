#include "server/bibtex.h"

#include <cctype>
#include <map>
#include <set>

#include "index/full_paper_json.h"

namespace arxiv {

namespace {

bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Lower-case ASCII for the accented Latin letters of U+00C0..U+017F, one string per code point
// ("" for the two signs among them). Other scripts have no ASCII form and are dropped from keys.
std::string fold_code_point(char32_t cp) {
  static const char* const kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  static const std::string_view kExtendedA =
      "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
      "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  if (cp == 0x152 || cp == 0x153) return "oe";
  if (cp >= 0x100 && cp <= 0x17F) return std::string(1, kExtendedA[cp - 0x100]);
  return "";
}

// Decodes the UTF-8 sequence starting at text[i]; advances i past it. Invalid bytes decode as 0.
char32_t next_code_point(std::string_view text, size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i++]);
  const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 0 ? 0 : lead & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
  }
  return cp;
}

// The LaTeX commands that stand for letters rather than accent them.
const std::map<std::string, std::string>& letter_commands() {
  static const std::map<std::string, std::string> kLetters = {
      {"o", "o"},   {"l", "l"}, {"ss", "ss"}, {"aa", "a"}, {"ae", "ae"},
      {"oe", "oe"}, {"i", "i"}, {"j", "j"},   {"dh", "d"}, {"th", "th"}};
  return kLetters;
}

// The lower-case ASCII letters and digits of `text`: accents folded, whether written in UTF-8 or
// as LaTeX (\"u, \v{s}, \o), other LaTeX commands and everything else dropped.
std::string key_chars(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\\') {
      size_t end = ++i;
      while (end < text.size() && is_letter(text[end])) ++end;
      std::string name(text.substr(i, end - i));
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (auto it = letter_commands().find(name); it != letter_commands().end()) out += it->second;
      // A symbol accent (\" \' \`) or an escaped character is one character long.
      i = end > i ? end : i + 1;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      out += fold_code_point(next_code_point(text, i));
    } else {
      if (std::isalnum(static_cast<unsigned char>(c)))
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ++i;
    }
  }
  return out;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string last_name(const std::string& author) {
  static const std::set<std::string> kSuffixes = {"jr", "sr", "ii", "iii", "iv"};
  std::vector<std::string> words = words_of(author);
  while (words.size() > 1 && kSuffixes.count(key_chars(words.back())) > 0) words.pop_back();
  return words.empty() ? "" : key_chars(words.back());
}

// The first title word that says something, maths left out ("$\alpha$-Stable" -> "stable").
std::string first_word(const std::string& title) {
  static const std::set<std::string> kStopWords = {
      "a",      "an",      "the",   "of",     "on",      "in",      "for",   "to",   "and", "or",
      "with",   "via",     "from",  "by",     "at",      "as",      "is",    "are",  "be",  "do",
      "does",   "can",     "how",   "what",   "when",    "why",     "which", "who",  "we",  "our",
      "its",    "it",      "this",  "that",   "these",   "into",    "onto",  "over", "not", "no",
      "toward", "towards", "using", "beyond", "between", "through", "about", "all",  "you"};
  std::string prose;
  bool math = false;
  for (size_t i = 0; i < title.size(); ++i) {
    if (title[i] == '\\' && i + 1 < title.size() && title[i + 1] == '$') {
      ++i;
    } else if (title[i] == '$') {
      math = !math;
    } else if (!math) {
      prose += title[i];
    }
  }
  for (const auto& w : words_of(prose)) {
    std::string k = key_chars(w);
    if (!k.empty() && kStopWords.count(k) == 0) return k;
  }
  return "";
}

// The positions of the braces BibTeX could not pair; it pairs every brace, escaped or not.
std::vector<bool> unpaired_braces(std::string_view text) {
  std::vector<bool> unpaired(text.size(), false);
  std::vector<size_t> open;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      open.push_back(i);
    } else if (text[i] == '}') {
      if (open.empty()) {
        unpaired[i] = true;
      } else {
        open.pop_back();
      }
    }
  }
  for (size_t i : open) unpaired[i] = true;
  return unpaired;
}

// The position of a $ that has no partner (the last of an odd count), or npos.
size_t unpaired_dollar(std::string_view text) {
  size_t count = 0;
  size_t last = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '$') {
      ++count;
      last = i;
    }
  }
  return count % 2 == 1 ? last : std::string_view::npos;
}

std::string brace_command(char brace) {
  return brace == '{' ? "\\textbraceleft{}" : "\\textbraceright{}";
}

// BibTeX splits the author list on the word "and" and reads commas as "Last, First": a name that
// holds either is braced whole, so it stays one name as written.
std::string author_field(const std::vector<std::string>& authors) {
  std::string out;
  for (const auto& name : authors) {
    if (!out.empty()) out += " and ";
    bool literal = name.find(',') != std::string::npos;
    for (const auto& w : words_of(name)) {
      if (key_chars(w) == "and" && w.size() == 3) literal = true;
    }
    const std::string escaped = bibtex_escape(name);
    out += literal ? "{" + escaped + "}" : escaped;
  }
  return out;
}

void field(std::string& out, const char* name, const std::string& value) {
  if (value.empty()) return;
  out += "  ";
  out += name;
  out += " = {";
  out += value;
  out += "},\n";
}

}  // namespace

std::string bibtex_escape(std::string_view text) {
  const std::vector<bool> unpaired = unpaired_braces(text);
  const size_t lone_dollar = unpaired_dollar(text);
  std::string out;
  bool math = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      if (i + 1 == text.size()) {
        out += "\\textbackslash{}";
      } else if (unpaired[i + 1]) {
        out += brace_command(text[++i]);
      } else {
        // A command or an escaped character, kept as written.
        out += c;
        out += text[++i];
      }
    } else if (c == '{' || c == '}') {
      out += unpaired[i] ? brace_command(c) : std::string(1, c);
    } else if (c == '$') {
      if (i == lone_dollar) {
        out += "\\$";
      } else {
        math = !math;
        out += c;
      }
    } else if (c == '&' || c == '%' || c == '#') {
      out += '\\';
      out += c;
    } else if (c == '_' && !math) {
      out += "\\_";
    } else if (c == '^' && !math) {
      out += "\\^{}";
    } else {
      out += c;
    }
  }
  return out;
}

std::string bibtex_year(const Paper& paper) {
  if (paper.submitted.size() >= 4) return paper.submitted.substr(0, 4);
  // New ids start with YYMM (from 2007 on); old ones with YYMM after the archive (1991-2007).
  const size_t slash = paper.id.find('/');
  const std::string digits = slash == std::string::npos ? paper.id : paper.id.substr(slash + 1);
  if (digits.size() >= 4 && std::isdigit(static_cast<unsigned char>(digits[0])) &&
      std::isdigit(static_cast<unsigned char>(digits[1]))) {
    const int yy = std::stoi(digits.substr(0, 2));
    return std::to_string(slash == std::string::npos || yy < 91 ? 2000 + yy : 1900 + yy);
  }
  if (paper.announced().size() >= 4) return paper.announced().substr(0, 4);
  if (paper.updated.size() >= 4) return paper.updated.substr(0, 4);
  return "";
}

std::string bibtex_key(const Paper& paper) {
  std::string name = paper.authors.empty() ? "" : last_name(paper.authors.front());
  if (name.empty()) name = "arxiv";
  return name + bibtex_year(paper) + first_word(paper.title);
}

std::string bibtex_entry(const Paper& paper, const std::string& key) {
  std::string doi;
  for (char c : paper.doi) {
    if (c != '{' && c != '}') doi += c;
  }
  std::string out = "@misc{" + (key.empty() ? bibtex_key(paper) : key) + ",\n";
  field(out, "title", bibtex_escape(paper.title));
  field(out, "author", author_field(paper.authors));
  field(out, "year", bibtex_year(paper));
  field(out, "eprint", paper.id);
  field(out, "archivePrefix", "arXiv");
  field(out, "primaryClass", paper.categories.empty() ? "" : paper.categories.front());
  // DOIs and URLs are read verbatim by biblatex and the url package: no LaTeX escapes.
  field(out, "doi", doi);
  field(out, "url", abs_url(paper));
  out += "}\n";
  return out;
}

std::string bibtex_entries(const std::vector<Paper>& papers) {
  std::string out;
  std::set<std::string> used;
  for (const auto& paper : papers) {
    const std::string base = bibtex_key(paper);
    std::string key = base;
    for (char suffix = 'b'; used.count(key) > 0 && suffix <= 'z'; ++suffix) key = base + suffix;
    for (int n = 2; used.count(key) > 0; ++n) key = base + "-" + std::to_string(n);
    used.insert(key);
    if (!out.empty()) out += "\n";
    out += bibtex_entry(paper, key);
  }
  return out;
}

}  // namespace arxiv
