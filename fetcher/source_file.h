// Reading local source files, plain or gzip-compressed (detected by content, not name).
// Not thread-safe per object; distinct objects are independent.
#pragma once

#include <zlib.h>

#include <string>

#include "fetcher/result.h"

namespace arxiv {

// Reads a whole file, decompressing gzip. Fails with kNotFound when it cannot be opened and
// kInvalidInput when the gzip stream is corrupt or truncated.
Result<std::string> read_source_file(const std::string& path);

// Streams a file line by line (gzip decompressed on the fly), so memory stays flat whatever the
// file's size.
class LineReader {
 public:
  LineReader() = default;
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  Status open(const std::string& path);
  // Reads the next line without its '\n' into `line`. Returns false at end of file; check
  // status() to tell a clean end from a read error.
  bool next(std::string& line);
  const Status& status() const { return status_; }

 private:
  gzFile file_ = nullptr;
  std::string path_;
  Status status_;
};

}  // namespace arxiv
