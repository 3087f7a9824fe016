#include "fetcher/source_format.h"

#include <cctype>
#include <string>

namespace arxiv {

namespace {

// Where the markup declaration or processing instruction starting at `i` ends, npos if cut off.
// Comments may contain '<' and '>', and a doctype's internal subset holds whole declarations.
size_t skip_declaration(std::string_view s, size_t i) {
  if (s.substr(i, 4) == "<!--") {
    const size_t end = s.find("-->", i + 4);
    return end == std::string_view::npos ? end : end + 3;
  }
  if (s[i + 1] == '?') {
    const size_t end = s.find("?>", i + 2);
    return end == std::string_view::npos ? end : end + 2;
  }
  const size_t bracket = s.find('[', i);
  size_t close = s.find('>', i);
  if (bracket != std::string_view::npos && bracket < close) {
    const size_t subset_end = s.find(']', bracket);
    if (subset_end == std::string_view::npos) return subset_end;
    close = s.find('>', subset_end);
  }
  return close == std::string_view::npos ? close : close + 1;
}

// The name of the first element after the prolog (XML declaration, comments, doctype).
std::string_view root_element(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    i = s.find('<', i);
    if (i == std::string_view::npos || i + 1 >= s.size()) return {};
    char next = s[i + 1];
    if (next == '?' || next == '!') {
      i = skip_declaration(s, i);
      continue;
    }
    size_t end = i + 1;
    while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end])) && s[end] != '>' &&
           s[end] != '/')
      ++end;
    std::string_view name = s.substr(i + 1, end - i - 1);
    if (size_t colon = name.find(':'); colon != std::string_view::npos)
      name = name.substr(colon + 1);
    return name;
  }
  return {};
}

// True when `line` has "id" as a key, not merely as a value.
bool has_id_key(std::string_view line) {
  for (size_t at = line.find("\"id\""); at != std::string_view::npos;
       at = line.find("\"id\"", at + 1)) {
    size_t after = at + 4;
    while (after < line.size() && std::isspace(static_cast<unsigned char>(line[after]))) ++after;
    if (after < line.size() && line[after] == ':') return true;
  }
  return false;
}

}  // namespace

const char* source_format_name(SourceFormat format) {
  switch (format) {
    case SourceFormat::kListingFeed:
      return "rss.arxiv.org listing feed";
    case SourceFormat::kApiFeed:
      return "arXiv API feed";
    case SourceFormat::kOai:
      return "OAI-PMH response";
    case SourceFormat::kMetadataJson:
      return "JSON-lines metadata";
    case SourceFormat::kUnknown:
      break;
  }
  return "unknown format";
}

SourceFormat detect_source_format(std::string_view head) {
  size_t first = 0;
  // A UTF-8 byte order mark may precede either kind.
  if (head.substr(0, 3) == "\xEF\xBB\xBF") first = 3;
  while (first < head.size() && std::isspace(static_cast<unsigned char>(head[first]))) ++first;
  if (first >= head.size()) return SourceFormat::kUnknown;
  std::string_view rest = head.substr(first);
  if (rest[0] == '{') {
    std::string_view line = rest.substr(0, rest.find('\n'));
    return has_id_key(line) ? SourceFormat::kMetadataJson : SourceFormat::kUnknown;
  }
  if (rest[0] != '<') return SourceFormat::kUnknown;
  std::string_view root = root_element(rest);
  if (root == "rss") return SourceFormat::kListingFeed;
  if (root == "OAI-PMH" || root == "ListRecords") return SourceFormat::kOai;
  if (root == "feed") {
    // API feeds carry OpenSearch totals; listing feeds point at rss.arxiv.org. Only the feed's own
    // header counts, as an entry's abstract may mention either; a header cut before either mark,
    // or another site's Atom feed, stays unknown.
    std::string_view header = rest.substr(0, rest.find("<entry"));
    if (header.find("opensearch") != std::string_view::npos ||
        header.find("arxiv.org/api") != std::string_view::npos)
      return SourceFormat::kApiFeed;
    if (header.find("rss.arxiv.org") != std::string_view::npos) return SourceFormat::kListingFeed;
  }
  return SourceFormat::kUnknown;
}

}  // namespace arxiv
