// What every parser promises about a Paper it returns, checked by the fuzz targets: the id is a
// base arXiv id that parse_arxiv_id reads back unchanged, and every date is YYYY-MM-DD or empty.
// A broken promise aborts (__builtin_trap), which libFuzzer reports like a crash.
// Header-only; pure and thread-safe.
#pragma once

#include <string_view>

#include "fetcher/paper.h"

namespace arxiv::fuzz {

inline bool is_day_or_empty(std::string_view day) {
  if (day.empty()) return true;
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (day[i] < '0' || day[i] > '9') return false;
  }
  return true;
}

inline void check_paper(const Paper& paper) {
  auto id = parse_arxiv_id(paper.id);
  if (!id.ok() || id->base != paper.id || id->version != 0) __builtin_trap();
  if (!is_day_or_empty(paper.submitted) || !is_day_or_empty(paper.updated)) __builtin_trap();
  for (const auto& a : paper.announcements) {
    if (a.day.empty() || !is_day_or_empty(a.day)) __builtin_trap();
  }
}

}  // namespace arxiv::fuzz
