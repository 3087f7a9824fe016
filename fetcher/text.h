// Text clean-up shared by every parser. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/result.h"

namespace arxiv {

// Collapses every run of ASCII whitespace (space, tab, CR, LF, FF, VT) into one space and trims
// both ends. UTF-8 and LaTeX are left untouched.
std::string normalize_whitespace(std::string_view text);

// Decodes HTML character references: the XML five, common HTML names (nbsp, ndash, mdash, hellip,
// lsquo, rsquo, ldquo, rdquo, ...), decimal "&#39;" and hex "&#x27;" (written as UTF-8). Anything
// that is not a known reference (a bare '&', "&foo;") is kept as written.
std::string decode_html_entities(std::string_view text);

// decode_html_entities, then normalize_whitespace: what every text field goes through.
std::string clean_text(std::string_view text);

// Splits a comma-joined author list ("A, B, and C" or "A, B and C") into names, each cleaned.
std::vector<std::string> split_authors(std::string_view text);

// The calendar day as written in an RFC 822 date, "Tue, 18 Mar 2025 00:00:00 -0400" ->
// "2025-03-18" (no time-zone conversion: arXiv writes announcement days in US Eastern time).
Result<std::string> rfc822_day(std::string_view text);

// The calendar day of an ISO 8601 date or date-time, "2025-03-18T04:00:00Z" -> "2025-03-18".
Result<std::string> iso_day(std::string_view text);

// True when `text` starts with `prefix`, ASCII letters compared without case.
bool starts_with_ignore_case(std::string_view text, std::string_view prefix);

// The length of the UTF-8 sequence that starts with byte `lead`: 1 for ASCII (and for a stray
// continuation byte, taken alone), else 2, 3 or 4. Callers still bound it by the text's end.
size_t utf8_sequence_length(unsigned char lead);

// Appends code point `cp` as UTF-8; NUL, surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(std::string& out, uint32_t cp);

// True when `text` is well-formed UTF-8 (no stray or missing continuation bytes).
bool is_valid_utf8(std::string_view text);

// True for a valid calendar day written YYYY-MM-DD.
bool is_valid_day(std::string_view day);

}  // namespace arxiv
