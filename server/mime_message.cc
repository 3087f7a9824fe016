#include "server/mime_message.h"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <random>

#include "fetcher/text.h"

namespace arxiv {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr size_t kMaxEncodedLine = 76;  // RFC 2045 (bodies) and RFC 2047 (encoded-word lines)
constexpr size_t kMaxWord = 75;         // RFC 2047: one encoded-word
constexpr size_t kFoldAt = 78;          // RFC 5322: SHOULD
constexpr size_t kMaxLine = 998;        // RFC 5322: MUST
constexpr std::string_view kWordOpen = "=?UTF-8?Q?";
constexpr std::string_view kWordClose = "?=";

std::string random_text(size_t length, std::string_view alphabet) {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (size_t i = 0; i < length; ++i) out += alphabet[pick(engine)];
  return out;
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

void append_escaped(std::string& out, unsigned char c) {
  out += '=';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// One line of a body, soft-broken ("=" CRLF) so no encoded line exceeds 76 characters. A '.'
// or "From " starting an encoded line is escaped too: SMTP dot-stuffing and mbox "From "
// quoting then can never alter the part.
void encode_line(std::string_view line, std::string& out) {
  size_t column = 0;
  for (size_t k = 0; k < line.size(); ++k) {
    const auto c = static_cast<unsigned char>(line[k]);
    const bool blank = c == ' ' || c == '\t';
    bool literal = (c > 32 && c < 127 && c != '=') || (blank && k + 1 < line.size());
    if (column == 0 && (c == '.' || line.substr(k, 5) == "From ")) literal = false;
    const size_t width = literal ? 1 : 3;
    if (column + width > kMaxEncodedLine - 1) {
      out += "=\r\n";
      column = 0;
      if (c == '.' || line.substr(k, 5) == "From ") literal = false;
    }
    if (literal) {
      out += static_cast<char>(c);
      column += 1;
    } else {
      append_escaped(out, c);
      column += 3;
    }
  }
}

// Quoted-printable (RFC 2045 6.7) with the text's line ends as CRLF hard breaks.
std::string quoted_printable(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (end != std::string_view::npos && line.ends_with('\r')) line.remove_suffix(1);
    encode_line(line, out);
    if (end == std::string_view::npos) break;
    out += "\r\n";
    start = end + 1;
  }
  return out;
}

bool needs_encoding(std::string_view text) {
  return text.find("=?") != std::string_view::npos ||
         std::any_of(text.begin(), text.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return u < 0x20 || u >= 0x7F;
         });
}

// `prefix` ("Subject: ") and the text as UTF-8 "Q" encoded-words, one per line, each holding
// whole characters, so every line stays within 76 characters.
std::string encoded_words(std::string_view prefix, std::string_view text) {
  std::string out(prefix), word;
  bool first = true;
  auto flush = [&] {
    if (!first) out += "\r\n ";
    out += std::string(kWordOpen) + word + std::string(kWordClose);
    word.clear();
    first = false;
  };
  for (size_t i = 0; i < text.size();) {
    const size_t n = std::min(utf8_sequence_length(text[i]), text.size() - i);
    std::string piece;
    for (size_t k = i; k < i + n; ++k) {
      const auto c = static_cast<unsigned char>(text[k]);
      if (c == ' ') {
        piece += '_';
      } else if (std::isalnum(c) || std::string_view("!*+-/").find(c) != std::string_view::npos) {
        piece += static_cast<char>(c);
      } else {
        append_escaped(piece, c);
      }
    }
    const size_t indent = first ? prefix.size() : 1;
    const size_t room =
        std::min(kMaxWord, kMaxEncodedLine - indent) - kWordOpen.size() - kWordClose.size();
    if (!word.empty() && word.size() + piece.size() > room) flush();
    word += piece;
    i += n;
  }
  if (!word.empty()) flush();
  return out;
}

// "Name: value", folded at spaces before column 78 where the value has any.
std::string folded(std::string_view name, std::string_view value) {
  std::string out = std::string(name) + ": ";
  size_t line_start = 0;
  size_t i = 0;
  while (i < value.size()) {
    const size_t space = value.find(' ', i + 1);
    const std::string_view word =
        value.substr(i, space == std::string_view::npos ? space : space - i);
    if (out.size() - line_start + word.size() > kFoldAt && i > 0 && word.front() == ' ') {
      out += "\r\n";
      line_start = out.size();
    }
    out += word;
    i += word.size();
  }
  return out;
}

Status check_line_lengths(std::string_view header, std::string_view name) {
  size_t start = 0;
  while (start <= header.size()) {
    const size_t end = std::min(header.find("\r\n", start), header.size());
    if (end - start > kMaxLine)
      return Error::invalid_input("header " + std::string(name) + " is longer than " +
                                  std::to_string(kMaxLine) + " characters");
    start = end + 2;
  }
  return {};
}

Status check_value(std::string_view name, std::string_view value) {
  if (has_line_break(value))
    return Error::invalid_input("header injection: " + std::string(name) +
                                " contains a line break");
  if (!is_ascii(value))
    return Error::invalid_input("header " + std::string(name) + " must be ASCII");
  return {};
}

bool is_reserved(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const char* reserved : {"date", "from", "to", "subject", "message-id", "mime-version"})
    if (name == reserved) return true;
  return name.starts_with("content-");
}

Status check_extra(const std::string& name, const std::string& value) {
  const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return c > 32 && c < 127 && c != ':';
  });
  if (!valid_name) return Error::invalid_input("'" + name + "' is not a header field name");
  if (is_reserved(name))
    return Error::invalid_input("header " + name + " is written by the message itself");
  return check_value(name, value);
}

Result<std::string> headers_of(const MimeMessage& m, const std::string& message_id) {
  for (const auto* field : {&m.from, &m.to}) {
    const char* name = field == &m.from ? "From" : "To";
    if (field->empty()) return Error::invalid_input(std::string("header ") + name + " is empty");
    if (auto checked = check_value(name, *field); !checked.ok()) return checked.error();
  }
  if (has_line_break(m.subject))
    return Error::invalid_input("header injection: Subject contains a line break");
  if (auto checked = check_value("Message-ID", message_id); !checked.ok()) return checked.error();
  if (message_id.size() < 5 || message_id.front() != '<' || message_id.back() != '>' ||
      message_id.find('@') == std::string::npos ||
      message_id.find_first_of(" \t<>", 1) != message_id.size() - 1)
    return Error::invalid_input("Message-ID '" + message_id + "' is not <id@host>");
  std::vector<std::pair<std::string, std::string>> lines = {
      {"Date", folded("Date", rfc5322_date(m.date))},
      {"From", folded("From", m.from)},
      {"To", folded("To", m.to)},
      {"Subject", needs_encoding(m.subject) ? encoded_words("Subject: ", m.subject)
                                            : folded("Subject", m.subject)},
      {"Message-ID", folded("Message-ID", message_id)},
      {"MIME-Version", "MIME-Version: 1.0"}};
  for (const auto& [name, value] : m.headers) {
    if (auto checked = check_extra(name, value); !checked.ok()) return checked.error();
    lines.emplace_back(name, folded(name, value));
  }
  std::string out;
  for (const auto& [name, line] : lines) {
    if (auto checked = check_line_lengths(line, name); !checked.ok()) return checked.error();
    out += line + "\r\n";
  }
  return out;
}

}  // namespace

Result<std::string> render_message(const MimeMessage& message) {
  const std::string message_id =
      message.message_id.empty() ? new_message_id(message.from) : message.message_id;
  auto headers = headers_of(message, message_id);
  if (!headers.ok()) return headers.error();
  const std::string text = quoted_printable(message.text);
  const std::string html = quoted_printable(message.html);
  // "=_" cannot occur in quoted-printable; the search only guards that reasoning.
  std::string boundary;
  do {
    boundary =
        "=_" + random_text(32, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
  } while (text.find(boundary) != std::string::npos || html.find(boundary) != std::string::npos);
  const std::string part_headers =
      "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  std::string out = std::move(headers).value();
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "\r\n--" + boundary + "\r\nContent-Type: text/plain" + part_headers + text;
  out += "\r\n--" + boundary + "\r\nContent-Type: text/html" + part_headers + html;
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point time) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = date::floor<date::days>(time);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> clock{
      std::chrono::floor<std::chrono::seconds>(time - day)};
  char out[64];  // room for any year the types can hold, so no truncation is possible
  std::snprintf(out, sizeof out, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[date::weekday(day).c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return out;
}

std::string new_message_id(std::string_view from) {
  std::string host;
  if (const size_t at = from.rfind('@'); at != std::string_view::npos) {
    const std::string_view rest = from.substr(at + 1);
    host = rest.substr(0, rest.find('>'));
  }
  const bool valid = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  });
  return "<" + random_text(32, "0123456789abcdef") + "@" + (valid ? host : "localhost") + ">";
}

}  // namespace arxiv
