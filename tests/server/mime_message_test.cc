// render_message read back by a small MIME reader written here: header fields, the boundary and
// both parts, quoted-printable and RFC 2047 decoding, and the limits on line lengths.
#include "server/mime_message.h"

#include <date/date.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "fetcher/listing_parser.h"
#include "fetcher/text.h"
#include "server/latex_text.h"
#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The lines of `text` split at CRLF; fails the test on a bare CR or LF.
std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find("\r\n", start), text.size());
    const std::string line = text.substr(start, end - start);
    CHECK(line.find_first_of("\r\n") == std::string::npos);
    lines.push_back(line);
    start = end + 2;
  }
  return lines;
}

struct Entity {
  std::map<std::string, std::string> headers;  // lower-case name -> unfolded value
  std::vector<std::string> order;              // names as written
  std::vector<std::string> raw_lines;          // the header lines as written
  std::string body;
};

Entity parse_entity(const std::string& text) {
  Entity out;
  const size_t split = text.find("\r\n\r\n");
  REQUIRE(split != std::string::npos);
  out.body = text.substr(split + 4);
  out.raw_lines = crlf_lines(text.substr(0, split));
  std::string name;
  for (const auto& line : out.raw_lines) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      REQUIRE_FALSE(name.empty());
      out.headers[lower(name)] += line;  // unfolding: the CRLF goes, the white space stays
      continue;
    }
    const size_t colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    name = line.substr(0, colon);
    CHECK(out.headers.count(lower(name)) == 0);
    out.order.push_back(name);
    out.headers[lower(name)] = line.substr(colon + 1 + (line[colon + 1] == ' ' ? 1 : 0));
  }
  return out;
}

int hex_value(char c) {
  const std::string digits = "0123456789ABCDEF";
  const size_t at = digits.find(c);
  REQUIRE(at != std::string::npos);
  return static_cast<int>(at);
}

// RFC 2045 6.7: soft breaks go, =XX becomes the byte, CRLF becomes "\n".
std::string decode_quoted_printable(const std::string& encoded) {
  std::string out;
  for (const auto& line : crlf_lines(encoded)) {
    CHECK(line.size() <= 76);
    CHECK((line.empty() || (line.back() != ' ' && line.back() != '\t')));
    bool soft = false;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '=') {
        out += line[i];
      } else if (i + 1 == line.size()) {
        soft = true;
      } else {
        REQUIRE(i + 2 < line.size());
        out += static_cast<char>(hex_value(line[i + 1]) * 16 + hex_value(line[i + 2]));
        i += 2;
      }
    }
    if (!soft) out += '\n';
  }
  out.pop_back();  // the last line has no line end of its own
  return out;
}

// An unstructured header value of encoded-words and text (RFC 2047 "Q", UTF-8 only).
std::string decode_words(const std::string& value) {
  static const std::regex word(R"(=\?UTF-8\?Q\?([^?]*)\?=)");
  std::string out;
  size_t at = 0;
  for (std::sregex_iterator it(value.begin(), value.end(), word), end; it != end; ++it) {
    const std::string between = value.substr(at, it->position() - at);
    // White space between two encoded-words is not part of the text.
    if (at == 0 || between.find_first_not_of(" \t") != std::string::npos) out += between;
    CHECK(it->length() <= 75);
    const std::string q = (*it)[1];
    std::string bytes;
    for (size_t i = 0; i < q.size(); ++i) {
      if (q[i] == '_') {
        bytes += ' ';
      } else if (q[i] == '=') {
        REQUIRE(i + 2 < q.size());
        bytes += static_cast<char>(hex_value(q[i + 1]) * 16 + hex_value(q[i + 2]));
        i += 2;
      } else {
        bytes += q[i];
      }
    }
    CHECK(is_valid_utf8(bytes));
    out += bytes;
    at = it->position() + it->length();
  }
  return out + value.substr(at);
}

struct Parsed {
  Entity message;
  std::string boundary;
  Entity text, html;
};

Parsed parse_message(const std::string& bytes) {
  Parsed out;
  out.message = parse_entity(bytes);
  for (const auto& line : out.message.raw_lines) CHECK(line.size() <= 998);
  static const std::regex type(R"re(multipart/alternative;\s*boundary="([^"]+)")re");
  std::smatch m;
  const std::string content_type = out.message.headers["content-type"];
  REQUIRE(std::regex_match(content_type, m, type));
  out.boundary = m[1];
  const std::string& body = out.message.body;
  const std::string delimiter = "\r\n--" + out.boundary;
  const size_t first = body.find(delimiter + "\r\n");
  const size_t second = body.find(delimiter + "\r\n", first + 1);
  const size_t close = body.find(delimiter + "--\r\n", second + 1);
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  REQUIRE(close != std::string::npos);
  CHECK(close + delimiter.size() + 4 == body.size());
  const size_t skip = delimiter.size() + 2;
  out.text = parse_entity(body.substr(first + skip, second - first - skip));
  out.html = parse_entity(body.substr(second + skip, close - second - skip));
  for (const auto* part : {&out.text, &out.html})
    CHECK(part->body.find("--" + out.boundary) == std::string::npos);
  return out;
}

std::chrono::system_clock::time_point at(date::year_month_day day, hours h, minutes m, seconds s) {
  return date::sys_days(day) + h + m + s;
}

MimeMessage sample() {
  MimeMessage m;
  m.from = "arXiv digest <digest@triage.example.org>";
  m.to = "reader@example.com";
  m.subject = "arXiv digest 2025-03-25: 12 papers for nas, compositionality";
  m.date = at(date::year{2025} / 3 / 25, hours(13), minutes(5), seconds(9));
  m.headers = {{"List-Unsubscribe", "<https://triage.example.org/unsubscribe?token=abc>"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  m.text = "Hello\n";
  m.html = "<p>Hello</p>\n";
  return m;
}

std::string render(const MimeMessage& m) {
  auto bytes = render_message(m);
  if (!bytes.ok()) FAIL(bytes.error().message);
  return bytes.value();
}

}  // namespace

TEST_CASE("a message carries its headers in order and both parts as quoted-printable UTF-8") {
  const Parsed p = parse_message(render(sample()));
  const std::vector<std::string> expected = {"Date",
                                             "From",
                                             "To",
                                             "Subject",
                                             "Message-ID",
                                             "MIME-Version",
                                             "List-Unsubscribe",
                                             "List-Unsubscribe-Post",
                                             "Content-Type"};
  CHECK(p.message.order == expected);
  auto h = p.message.headers;
  CHECK(h["date"] == "Tue, 25 Mar 2025 13:05:09 +0000");
  CHECK(h["from"] == "arXiv digest <digest@triage.example.org>");
  CHECK(h["to"] == "reader@example.com");
  CHECK(h["subject"] == "arXiv digest 2025-03-25: 12 papers for nas, compositionality");
  CHECK(std::regex_match(h["message-id"], std::regex("<[0-9a-f]{32}@triage\\.example\\.org>")));
  CHECK(h["mime-version"] == "1.0");
  CHECK(h["list-unsubscribe"] == "<https://triage.example.org/unsubscribe?token=abc>");
  CHECK(h["list-unsubscribe-post"] == "List-Unsubscribe=One-Click");
  CHECK(p.text.headers.at("content-type") == "text/plain; charset=UTF-8");
  CHECK(p.html.headers.at("content-type") == "text/html; charset=UTF-8");
  for (auto* part : {&p.text, &p.html})
    CHECK(part->headers.at("content-transfer-encoding") == "quoted-printable");
  CHECK(decode_quoted_printable(p.text.body) == "Hello\n");
  CHECK(decode_quoted_printable(p.html.body) == "<p>Hello</p>\n");
}

TEST_CASE("real abstracts, long lines and awkward characters survive quoted-printable") {
  std::string text, html;
  size_t non_ascii = 0;
  for (const auto& file : testing::fortnight_files()) {
    auto feed = parse_listing_feed(testing::read_file(file));
    REQUIRE(feed.ok());
    for (const auto& paper : feed->papers) {
      const std::string abstract = latex_to_text(paper.abstract);
      if (std::none_of(abstract.begin(), abstract.end(), [](char c) { return c & 0x80; })) continue;
      ++non_ascii;
      text += "* " + latex_to_text(paper.title) + "\n  " + abstract + "\n\n";
      html += "<p title=\"a=b\">" + abstract + "</p>\n";
    }
  }
  REQUIRE(non_ascii > 20);
  text += ".starts with a dot\nFrom the start of a line\ntrailing space \ntrailing tab\t\n";
  text += "=3D is not an escape here; a tab\tinside\n\n\nno final line end";
  text += std::string(200, '=') + std::string(300, 'x') + " " + std::string(90, ' ');
  MimeMessage m = sample();
  m.text = text;
  m.html = html;
  const Parsed p = parse_message(render(m));
  CHECK(decode_quoted_printable(p.text.body) == text);
  CHECK(decode_quoted_printable(p.html.body) == html);
  // Neither a dot nor "From " may start an encoded line: SMTP and mbox would change them.
  for (const auto& line : crlf_lines(p.text.body)) {
    CHECK_FALSE(line.starts_with("."));
    CHECK_FALSE(line.starts_with("From "));
  }
}

TEST_CASE("CRLF line ends in a part are sent as they are") {
  MimeMessage m = sample();
  m.text = "one\r\ntwo\r\n";
  CHECK(decode_quoted_printable(parse_message(render(m)).text.body) == "one\ntwo\n");
}

TEST_CASE("a subject that is not ASCII goes as encoded-words of at most 75 characters") {
  MimeMessage m = sample();
  m.subject =
      "arXiv digest 2025-03-25: naïve Schrödinger bridges, 𝒪(n log n) sorting, α ≤ β → ∞, "
      "and a long tail of words to need several encoded-words — ünïcödé ∑ᵢ xᵢ²";
  const Parsed p = parse_message(render(m));
  const std::string raw = p.message.headers.at("subject");
  CHECK(raw.starts_with("=?UTF-8?Q?"));
  CHECK(decode_words(raw) == m.subject);
  bool in_subject = false;
  size_t lines = 0;
  for (const auto& line : p.message.raw_lines) {
    if (line.starts_with("Subject:"))
      in_subject = true;
    else if (!line.starts_with(" "))
      in_subject = false;
    if (!in_subject) continue;
    ++lines;
    CHECK(line.size() <= 76);
  }
  CHECK(lines > 2);
}

TEST_CASE("an ASCII subject holding =? is encoded so no reader decodes it by mistake") {
  MimeMessage m = sample();
  m.subject = "what =?UTF-8?Q?this?= means";
  const Parsed p = parse_message(render(m));
  CHECK(p.message.headers.at("subject") != m.subject);
  CHECK(decode_words(p.message.headers.at("subject")) == m.subject);
}

TEST_CASE("a long ASCII subject is folded at spaces and unfolds to itself") {
  MimeMessage m = sample();
  m.subject =
      "arXiv digest 2025-03-25: 48 papers for nas, compositionality, "
      "theoretical-neuroscience, disentanglement, sparse-modular";
  const Parsed p = parse_message(render(m));
  CHECK(p.message.headers.at("subject") == m.subject);
  for (const auto& line : p.message.raw_lines) CHECK(line.size() <= 78);
}

TEST_CASE("header values with a line break are refused: no header injection") {
  const std::vector<std::function<void(MimeMessage&)>> attacks = {
      [](MimeMessage& m) { m.subject = "Digest\r\nBcc: victim@example.com"; },
      [](MimeMessage& m) { m.subject = "Digest\nBcc: victim@example.com"; },
      [](MimeMessage& m) { m.to = "reader@example.com\r\nBcc: victim@example.com"; },
      [](MimeMessage& m) { m.from = "digest@example.org\n"; },
      [](MimeMessage& m) { m.message_id = "<a@b>\r\nBcc: victim@example.com"; },
      [](MimeMessage& m) {
        m.headers.push_back({"List-Unsubscribe", "<https://x/\r\n>"});
      },
      [](MimeMessage& m) {
        m.headers.push_back({"X-Evil\r\nBcc", "victim@example.com"});
      },
  };
  for (size_t i = 0; i < attacks.size(); ++i) {
    CAPTURE(i);
    MimeMessage m = sample();
    attacks[i](m);
    auto bytes = render_message(m);
    REQUIRE_FALSE(bytes.ok());
    CHECK(bytes.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("invalid headers are refused") {
  const std::vector<std::function<void(MimeMessage&)>> mistakes = {
      [](MimeMessage& m) { m.from.clear(); },
      [](MimeMessage& m) { m.to.clear(); },
      [](MimeMessage& m) { m.to = "rëader@example.com"; },
      [](MimeMessage& m) { m.message_id = "no-angle-brackets@host"; },
      [](MimeMessage& m) { m.message_id = "<no-at-sign>"; },
      [](MimeMessage& m) {
        m.headers.push_back({"Content-Type", "text/plain"});
      },
      [](MimeMessage& m) {
        m.headers.push_back({"subject", "a second one"});
      },
      [](MimeMessage& m) {
        m.headers.push_back({"Bad Name", "x"});
      },
      [](MimeMessage& m) {
        m.headers.push_back({"", "x"});
      },
      [](MimeMessage& m) {
        m.headers.push_back({"X-Long", std::string(1200, 'x')});
      },
  };
  for (size_t i = 0; i < mistakes.size(); ++i) {
    CAPTURE(i);
    MimeMessage m = sample();
    mistakes[i](m);
    auto bytes = render_message(m);
    REQUIRE_FALSE(bytes.ok());
    CHECK(bytes.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("a given Message-ID is used; each message gets its own boundary and Message-ID") {
  MimeMessage m = sample();
  m.message_id = "<fixed.1@triage.example.org>";
  CHECK(parse_message(render(m)).message.headers.at("message-id") == m.message_id);
  const Parsed a = parse_message(render(sample())), b = parse_message(render(sample()));
  CHECK(a.boundary != b.boundary);
  CHECK(a.message.headers.at("message-id") != b.message.headers.at("message-id"));
}

TEST_CASE("dates are written as RFC 5322 wants them, in UTC") {
  CHECK(rfc5322_date(at(date::year{2025} / 3 / 25, hours(13), minutes(5), seconds(9))) ==
        "Tue, 25 Mar 2025 13:05:09 +0000");
  CHECK(rfc5322_date(at(date::year{2024} / 2 / 29, hours(23), minutes(59), seconds(59))) ==
        "Thu, 29 Feb 2024 23:59:59 +0000");
  CHECK(rfc5322_date(std::chrono::system_clock::time_point{}) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(rfc5322_date(at(date::year{1969} / 12 / 31, hours(23), minutes(0), seconds(1)) +
                     std::chrono::milliseconds(999)) == "Wed, 31 Dec 1969 23:00:01 +0000");
}

TEST_CASE("a Message-ID is at the sender's domain, or at localhost when it has none") {
  CHECK(std::regex_match(new_message_id("digest@example.org"),
                         std::regex("<[0-9a-f]{32}@example\\.org>")));
  CHECK(std::regex_match(new_message_id("arXiv digest <digest@mail.example.org>"),
                         std::regex("<[0-9a-f]{32}@mail\\.example\\.org>")));
  CHECK(std::regex_match(new_message_id("nobody"), std::regex("<[0-9a-f]{32}@localhost>")));
  CHECK(std::regex_match(new_message_id("x@bad host>"), std::regex("<[0-9a-f]{32}@localhost>")));
}

}  // namespace arxiv
