// libFuzzer target: OAI-PMH responses (arXiv, arXivRaw and oai_dc metadata, errors, bare
// ListRecords) through parse_oai_response. Any input must give a page or an Error; a crash, leak,
// undefined behaviour or a paper that breaks the parser's contract is a bug. Seeds: fixtures/oai
// and samples of corpus/oai-records.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fetcher/oai_parser.h"
#include "tests/fuzz/paper_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto page =
      arxiv::parse_oai_response(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!page.ok()) return 0;
  for (const auto& header : page->headers) {
    if (!arxiv::fuzz::is_day_or_empty(header.datestamp)) __builtin_trap();
  }
  for (const auto& paper : page->papers) arxiv::fuzz::check_paper(paper);
  return 0;
}
