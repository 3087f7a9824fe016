// Internal to the OAI-PMH parser: reads the metadata of one record, in the `arXiv`, `arXivRaw` or
// `oai_dc` format, into a Paper (field mapping as described on OaiPage::papers in oai_parser.h).
// The format is told by the payload's namespace URI (scheme, case and trailing slash ignored), or
// by its element name when no namespace or the OAI-PMH one is declared.
// Pure function of the document; thread-safe for concurrent reads.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "fetcher/paper.h"
#include "fetcher/result.h"

namespace arxiv {

struct OaiMetadata {
  std::string_view prefix;  // the format's metadataPrefix: "arXiv", "arXivRaw" or "oai_dc"
  Paper paper;
};

// `payload` is the element inside <metadata>; `header_id` the base arXiv id from the record's
// header. Fails with kInvalidInput, without naming the record (the caller adds that), for an
// unsupported format, a bad date, or an id in the metadata that is not the header's.
Result<OaiMetadata> parse_oai_metadata(pugi::xml_node payload, const std::string& header_id);

}  // namespace arxiv
