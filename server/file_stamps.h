// FileStamps: what stat() says about a few files (whether each exists, its device and inode, size,
// and modification and change times), a fingerprint that moves whenever one of them is written,
// replaced, created or removed. Taking one costs a stat() per file, no open and no read.
//
// The one blind spot of any such fingerprint: a file written twice within one tick of the
// filesystem's clock, with its size unchanged, may keep its stamp across the second write.
// settled() tells whether that can still happen to a stamp: only once every file's last change
// is older than the margin (which covers the filesystem's clock granularity, 2 s on the coarsest)
// does a later write necessarily change the stamp. Callers trust an unchanged stamp only then.
//
// Plain value type; thread-safe to take from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace arxiv {

class FileStamps {
 public:
  // How long after its last change a file's stamp may still miss a write.
  static constexpr std::chrono::seconds kDefaultMargin{2};

  // Stamps `files` now; a missing or unreadable file is stamped as absent.
  static FileStamps of(const std::vector<std::filesystem::path>& files);

  // True when every file present last changed before `taken` - `margin`, where `taken` is a
  // wall-clock time read before of() was called.
  bool settled(std::chrono::system_clock::time_point taken,
               std::chrono::system_clock::duration margin = kDefaultMargin) const;

  bool operator==(const FileStamps&) const = default;

 private:
  struct Stamp {
    bool exists = false;
    uint64_t device = 0, inode = 0;
    int64_t size = 0, modified_ns = 0, changed_ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  std::vector<Stamp> stamps_;
};

}  // namespace arxiv
