// Real Atom responses, small hand-built feeds and format rewrites shared by the arXiv API parser
// tests.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "fetcher/api_parser.h"

namespace arxiv::testing::api {

// The Atom fixtures folder.
std::filesystem::path atom_dir();
// The one file of the 2026 golden set whose name starts with `prefix`, as a .body.xml.
std::filesystem::path golden(const std::string& prefix);
// Parses `bytes`, failing the test with `what` and the parser's message when they are rejected.
ApiPage parse_ok(const std::string& bytes, const std::string& what);

// How often `needle` occurs in `text`, overlaps included.
size_t count_of(const std::string& text, const std::string& needle);
// Replaces every `from` in `text` with `to`.
void replace_all(std::string& text, const std::string& from, const std::string& to);

// The 2016 response as the 2026 API writes it: namespaces on <feed>, single-quoted declaration,
// itemsPerPage first, unwrapped text, primary_category without scheme and moved last.
std::string to_new_format(std::string doc);
// The 2026 response as the old API wrote it: namespaces declared on each element, wrapped text.
std::string to_old_format(std::string doc);

// The three opensearch paging elements, spelled with `prefix`.
std::string counts(const std::string& per_page, const std::string& total, const std::string& start,
                   const std::string& prefix = "opensearch:");
// A new-format feed around `entries`, with the given opensearch elements.
std::string feed(const std::string& entries,
                 const std::string& opensearch = counts("10", "1", "0"));
// `body` inside an <entry>.
std::string entry(const std::string& body);

// The non-empty fields of `p`, one "name=value" per field, for compact expectations.
std::string fields(const Paper& p);

// The <id> of 2401.01234v2.
inline constexpr const char* kId = "<id>http://arxiv.org/abs/2401.01234v2</id>";

}  // namespace arxiv::testing::api
