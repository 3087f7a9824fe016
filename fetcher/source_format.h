// Recognises which kind of arXiv document a file holds, from its first bytes. Pure; thread-safe.
#pragma once

#include <string_view>

namespace arxiv {

enum class SourceFormat {
  kUnknown,
  kListingFeed,   // rss.arxiv.org RSS 2.0 or Atom listing
  kApiFeed,       // export.arxiv.org/api/query Atom
  kOai,           // OAI-PMH response, or a bare <ListRecords>
  kMetadataJson,  // JSON lines: Kaggle snapshot or daily digest dump
};

const char* source_format_name(SourceFormat format);

// Looks at the start of a (decompressed) document; `head` should hold at least its first 4 KiB.
// XML is told apart by its root element and namespaces; JSON lines by a leading '{' whose first
// line has an "id" key.
SourceFormat detect_source_format(std::string_view head);

}  // namespace arxiv
