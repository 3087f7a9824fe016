#include "fetcher/text.h"

#include <doctest/doctest.h>

namespace arxiv {

TEST_CASE("whitespace runs collapse to one space and the ends are trimmed") {
  struct Case {
    std::string_view in, out;
  } cases[] = {
      {"", ""},
      {"   ", ""},
      {"a", "a"},
      {"  Attention Is\n  All You Need  ", "Attention Is All You Need"},
      {"tab\tand\r\nCRLF", "tab and CRLF"},
      {"$\\alpha$ \n\n  and  $\\beta$", "$\\alpha$ and $\\beta$"},
      {"Röglin\u00a0kept", "Röglin\u00a0kept"},  // non-ASCII space is text, not layout
  };
  for (const auto& c : cases) CHECK(normalize_whitespace(c.in) == c.out);
}

TEST_CASE("HTML character references are decoded and anything else is kept as written") {
  struct Case {
    std::string_view in, out;
  } cases[] = {
      {"Q&amp;A", "Q&A"},
      {"a &lt;b&gt; &quot;c&quot; &apos;d&apos;", "a <b> \"c\" 'd'"},
      {"D. O&#39;Donnell", "D. O'Donnell"},
      {"&#x27;hex&#X27;", "'hex'"},
      {"48.9 &#177; 0.5", "48.9 ± 0.5"},
      {"en&ndash;dash em&mdash;dash&hellip;", "en–dash em—dash…"},
      {"AT&T and R&D", "AT&T and R&D"},
      {"&foo; &; &#; &#xZZ; &#12345678;", "&foo; &; &#; &#xZZ; &#12345678;"},
      {"H&E;", "H&E;"},
      {"trailing &", "trailing &"},
      {"&#0;", "\xEF\xBF\xBD"},  // NUL is replaced, never emitted
  };
  for (const auto& c : cases) CHECK_MESSAGE(decode_html_entities(c.in) == c.out, c.in);
}

TEST_CASE("clean_text decodes entities first, then normalises whitespace") {
  CHECK(clean_text("  A&amp;B\n  test  ") == "A&B test");
  CHECK(clean_text("a&#10;b") == "a b");
}

TEST_CASE("author lists split on commas and a final 'and'") {
  struct Case {
    std::string_view in;
    std::vector<std::string> out;
  } cases[] = {
      {"Xianming Zeng, Sicong Du, Qifeng Chen", {"Xianming Zeng", "Sicong Du", "Qifeng Chen"}},
      {"A. One, B. Two and C. Three", {"A. One", "B. Two", "C. Three"}},
      {"A. One, B. Two, and C. Three", {"A. One", "B. Two", "C. Three"}},
      {"Ada Lovelace and Alan Turing", {"Ada Lovelace", "Alan Turing"}},
      {"Moreno D'Incà", {"Moreno D'Incà"}},
      {"Bal\\'azs Szegedy,  ,Jr. Person", {"Bal\\'azs Szegedy", "Jr. Person"}},
      {"", {}},
  };
  for (const auto& c : cases) CHECK_MESSAGE(split_authors(c.in) == c.out, c.in);
}

TEST_CASE("RFC 822 dates give the calendar day as written, without time-zone conversion") {
  CHECK(rfc822_day("Tue, 18 Mar 2025 00:00:00 -0400").value() == "2025-03-18");
  CHECK(rfc822_day("Mon, 2 Apr 2007 19:18:42 GMT").value() == "2007-04-02");
  CHECK(rfc822_day("18 Mar 2025 23:59:59 +1400").value() == "2025-03-18");
  for (const char* bad :
       {"", "Tuesday", "Tue, 31 Feb 2025 00:00:00 -0400", "Tue, 18 Foo 2025", "2025-03-18"}) {
    auto r = rfc822_day(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("ISO 8601 dates and date-times give their calendar day") {
  CHECK(iso_day("2025-03-18").value() == "2025-03-18");
  CHECK(iso_day("2016-07-28T20:00:00-04:00").value() == "2016-07-28");
  CHECK(iso_day(" 2026-09-25T04:00:00.123456Z ").value() == "2026-09-25");
  for (const char* bad : {"", "2025-3-18", "2025-03-18X", "2025-13-01", "18/03/2025"})
    CHECK_FALSE(iso_day(bad).ok());
}

TEST_CASE("a prefix matches regardless of the case of ASCII letters") {
  CHECK(starts_with_ignore_case("oai:arXiv.org:2401.01234", "OAI:ARXIV.ORG:"));
  CHECK(starts_with_ignore_case("Comment: 12 pages", "comment:"));
  CHECK(starts_with_ignore_case("abc", ""));
  CHECK_FALSE(starts_with_ignore_case("ab", "abc"));
  CHECK_FALSE(starts_with_ignore_case("https://x", "http:/x"));
}

TEST_CASE("only real calendar days are valid days") {
  CHECK(is_valid_day("2024-02-29"));
  CHECK(is_valid_day("2000-02-29"));
  CHECK_FALSE(is_valid_day("2025-02-29"));
  CHECK_FALSE(is_valid_day("1900-02-29"));
  CHECK_FALSE(is_valid_day("2025-04-31"));
  CHECK_FALSE(is_valid_day("2025-00-10"));
  CHECK_FALSE(is_valid_day("2025-1-10"));
  CHECK_FALSE(is_valid_day("2025/01/10"));
  CHECK_FALSE(is_valid_day(""));
}

TEST_CASE("UTF-8 is told apart from stray, missing and truncated continuation bytes") {
  struct Case {
    std::string text;
    bool valid;
  };
  const Case cases[] = {
      {"", true},
      {"plain ASCII", true},
      {"Müller — β-VAE ≤ 𝒪(n)", true},
      {"\x80 stray continuation", false},
      {"truncated \xC3", false},
      {"missing continuation \xE2\x80x", false},
      {"four-byte cut \xF0\x9D\x92", false},
      {"beyond four bytes \xF8\x88\x80\x80\x80", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(is_valid_utf8(c.text) == c.valid);
  }
  CHECK(utf8_sequence_length('a') == 1);
  CHECK(utf8_sequence_length(0xC3) == 2);
  CHECK(utf8_sequence_length(0xE2) == 3);
  CHECK(utf8_sequence_length(0xF0) == 4);
}

}  // namespace arxiv
