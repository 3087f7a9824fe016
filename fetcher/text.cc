#include "fetcher/text.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace arxiv {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

struct NamedEntity {
  const char* name;
  uint32_t code_point;
};

// The references seen in arXiv metadata, plus the usual typographic ones.
constexpr std::array<NamedEntity, 24> kNamedEntities = {{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"times", 0xD7},    {"deg", 0xB0},
    {"plusmn", 0xB1},  {"middot", 0xB7},  {"copy", 0xA9},    {"reg", 0xAE},      {"eacute", 0xE9},
    {"uuml", 0xFC},    {"ouml", 0xF6},    {"auml", 0xE4},    {"szlig", 0xDF},
}};

int month_number(std::string_view name) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (name.size() >= 3 && std::strncmp(name.data(), kMonths[i], 3) == 0)
      return static_cast<int>(i) + 1;
  }
  return 0;
}

std::string format_day(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

}  // namespace

std::string normalize_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string decode_html_entities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '&') {
      out += text[i++];
      continue;
    }
    size_t semi = text.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += text[i++];
      continue;
    }
    std::string_view ref = text.substr(i + 1, semi - i - 1);
    bool decoded = false;
    if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x' || ref[1] == 'X';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool valid = !digits.empty() && digits.size() <= 7;
      for (char c : digits) {
        if (!valid) break;
        if (hex && std::isxdigit(static_cast<unsigned char>(c))) {
          cp = cp * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(c))
                                                   ? c - '0'
                                                   : (std::tolower(c) - 'a' + 10));
        } else if (!hex && std::isdigit(static_cast<unsigned char>(c))) {
          cp = cp * 10 + static_cast<uint32_t>(c - '0');
        } else {
          valid = false;
        }
      }
      if (valid) {
        append_utf8(out, cp);
        decoded = true;
      }
    } else {
      for (const auto& e : kNamedEntities) {
        if (ref == e.name) {
          append_utf8(out, e.code_point);
          decoded = true;
          break;
        }
      }
    }
    if (decoded) {
      i = semi + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string clean_text(std::string_view text) {
  return normalize_whitespace(decode_html_entities(text));
}

std::vector<std::string> split_authors(std::string_view text) {
  std::vector<std::string> names;
  std::string all = clean_text(text);
  size_t start = 0;
  while (start <= all.size()) {
    size_t comma = all.find(',', start);
    std::string part = normalize_whitespace(std::string_view(all).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start));
    // "A, B, and C" and "A, B and C": split the last "and" too.
    if (part.rfind("and ", 0) == 0) part = part.substr(4);
    if (size_t and_pos = part.find(" and ");
        and_pos != std::string::npos && comma == std::string::npos) {
      std::string first = part.substr(0, and_pos);
      std::string second = part.substr(and_pos + 5);
      if (!first.empty()) names.push_back(first);
      if (!second.empty()) names.push_back(second);
    } else if (!part.empty()) {
      names.push_back(part);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return names;
}

Result<std::string> rfc822_day(std::string_view text) {
  std::string s = normalize_whitespace(text);
  if (size_t comma = s.find(','); comma != std::string::npos)
    s = normalize_whitespace(s.substr(comma + 1));
  int day = 0, year = 0;
  char month[4] = {0};
  if (std::sscanf(s.c_str(), "%d %3s %d", &day, month, &year) != 3 || month_number(month) == 0)
    return Error::invalid_input("not an RFC 822 date: '" + std::string(text.substr(0, 60)) + "'");
  std::string out = format_day(year, month_number(month), day);
  if (!is_valid_day(out))
    return Error::invalid_input("not a calendar day: '" + std::string(text.substr(0, 60)) + "'");
  return out;
}

Result<std::string> iso_day(std::string_view text) {
  std::string s = normalize_whitespace(text);
  if (s.size() < 10 || !is_valid_day(std::string_view(s).substr(0, 10)) ||
      (s.size() > 10 && s[10] != 'T' && s[10] != ' '))
    return Error::invalid_input("not an ISO 8601 date: '" + std::string(text.substr(0, 60)) + "'");
  return s.substr(0, 10);
}

bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

bool is_valid_day(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(day[i]))) return false;
  }
  const int y = std::stoi(std::string(day.substr(0, 4)));
  const int m = std::stoi(std::string(day.substr(5, 2)));
  const int d = std::stoi(std::string(day.substr(8, 2)));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

bool is_valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0x80 && lead < 0xC0) return false;
    if (lead >= 0xF8) return false;
    const size_t n = utf8_sequence_length(lead);
    if (i + n > text.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace arxiv
