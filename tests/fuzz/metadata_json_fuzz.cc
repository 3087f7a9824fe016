// libFuzzer target: JSON-lines metadata (Kaggle snapshot and daily digest dumps). The input is
// split at '\n' and each line goes through parse_metadata_json_line, as `import` reads a file.
// Any line must give a paper or an Error; a crash, leak, undefined behaviour or a paper that
// breaks the parser's contract is a bug. Seeds: samples of corpus/*.jsonl.gz and kaggle-format.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fetcher/metadata_json_parser.h"
#include "tests/fuzz/paper_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    auto paper = arxiv::parse_metadata_json_line(rest.substr(0, end));
    if (paper.ok()) {
      arxiv::fuzz::check_paper(paper.value());
      if (!paper->announcements.empty()) __builtin_trap();  // dumps carry no announcement day
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return 0;
}
