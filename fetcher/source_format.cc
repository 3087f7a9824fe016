#include "fetcher/source_format.h"

#include <cctype>
#include <string>

namespace arxiv {

namespace {

// The name of the first element after the prolog (XML declaration, comments, doctype).
std::string_view root_element(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    i = s.find('<', i);
    if (i == std::string_view::npos || i + 1 >= s.size()) return {};
    char next = s[i + 1];
    if (next == '?' || next == '!') {
      i += 2;
      continue;
    }
    size_t end = i + 1;
    while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end])) && s[end] != '>' &&
           s[end] != '/')
      ++end;
    std::string_view name = s.substr(i + 1, end - i - 1);
    if (size_t colon = name.find(':'); colon != std::string_view::npos) name = name.substr(colon + 1);
    return name;
  }
  return {};
}

}  // namespace

const char* source_format_name(SourceFormat format) {
  switch (format) {
    case SourceFormat::kListingFeed: return "rss.arxiv.org listing feed";
    case SourceFormat::kApiFeed: return "arXiv API feed";
    case SourceFormat::kOai: return "OAI-PMH response";
    case SourceFormat::kMetadataJson: return "JSON-lines metadata";
    case SourceFormat::kUnknown: break;
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
    return line.find("\"id\"") != std::string_view::npos ? SourceFormat::kMetadataJson
                                                          : SourceFormat::kUnknown;
  }
  if (rest[0] != '<') return SourceFormat::kUnknown;
  std::string_view root = root_element(rest);
  if (root == "rss") return SourceFormat::kListingFeed;
  if (root == "OAI-PMH" || root == "ListRecords") return SourceFormat::kOai;
  if (root == "feed") {
    // API feeds carry OpenSearch totals; listing feeds point at rss.arxiv.org.
    if (rest.find("opensearch") != std::string_view::npos ||
        rest.find("arxiv.org/api") != std::string_view::npos)
      return SourceFormat::kApiFeed;
    return SourceFormat::kListingFeed;
  }
  return SourceFormat::kUnknown;
}

}  // namespace arxiv
