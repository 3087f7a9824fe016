// A one-line progress display for long commands, redrawn in place on a terminal and silent when
// stderr is not one. Not thread-safe.
#pragma once

#include <string>

#include "index/importer.h"

namespace arxiv::cli {

class ImportProgressLine {
 public:
  ImportProgressLine();
  // Redraws at most a few times per second.
  void update(const ImportProgress& progress);
  // Clears the line so the summary prints cleanly.
  void finish();

 private:
  bool enabled_;
  double last_draw_ = -1;
  size_t width_ = 0;
};

}  // namespace arxiv::cli
