// libFuzzer target: what `import` does with a file of unknown kind. detect_source_format looks at
// the first 4 KiB and the parser it names reads the whole input, so a document that fools the
// detector reaches a parser meant for another kind. Any input must end in papers or an Error.
// Seeds: every capture the per-parser targets use.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fetcher/api_parser.h"
#include "fetcher/listing_parser.h"
#include "fetcher/metadata_json_parser.h"
#include "fetcher/oai_parser.h"
#include "fetcher/source_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const arxiv::SourceFormat format = arxiv::detect_source_format(bytes.substr(0, 4096));
  if (arxiv::source_format_name(format) == nullptr) __builtin_trap();
  switch (format) {
    case arxiv::SourceFormat::kListingFeed:
      (void)arxiv::parse_listing_feed(bytes);
      break;
    case arxiv::SourceFormat::kApiFeed:
      (void)arxiv::parse_api_response(bytes);
      break;
    case arxiv::SourceFormat::kOai:
      (void)arxiv::parse_oai_response(bytes);
      break;
    case arxiv::SourceFormat::kMetadataJson:
      (void)arxiv::parse_metadata_json_line(bytes.substr(0, bytes.find('\n')));
      break;
    case arxiv::SourceFormat::kUnknown:
      break;
  }
  return 0;
}
