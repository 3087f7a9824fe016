// libFuzzer target: arXiv API responses (Atom, old and new format) through parse_api_response.
// Any input must give a page or an Error; a crash, leak, undefined behaviour or a paper that
// breaks the parser's contract is a bug. Seeds: fixtures/atom (*.xml and the *.json bodies).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fetcher/api_parser.h"
#include "tests/fuzz/paper_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto page =
      arxiv::parse_api_response(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!page.ok()) return 0;
  for (const auto& paper : page->papers) {
    arxiv::fuzz::check_paper(paper);
    if (!paper.announcements.empty()) __builtin_trap();  // the API gives no announcements
  }
  return 0;
}
