#include "server/file_stamps.h"

#include <sys/stat.h>

namespace arxiv {

namespace {

int64_t nanoseconds(const timespec& t) {
  return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 + static_cast<int64_t>(t.tv_nsec);
}

}  // namespace

FileStamps FileStamps::of(const std::vector<std::filesystem::path>& files) {
  FileStamps out;
  for (const auto& file : files) {
    struct stat st {};
    Stamp s;
    if (::stat(file.c_str(), &st) == 0) {
      s.exists = true;
      s.device = st.st_dev;
      s.inode = st.st_ino;
      s.size = st.st_size;
      s.modified_ns = nanoseconds(st.st_mtim);
      s.changed_ns = nanoseconds(st.st_ctim);
    }
    out.stamps_.push_back(s);
  }
  return out;
}

bool FileStamps::settled(std::chrono::system_clock::time_point taken,
                         std::chrono::system_clock::duration margin) const {
  const int64_t limit =
      std::chrono::duration_cast<std::chrono::nanoseconds>((taken - margin).time_since_epoch())
          .count();
  // The change time, not the modification time: no one can set it back, and every write moves
  // it (touch -d can make an mtime old).
  for (const auto& s : stamps_) {
    if (s.exists && (s.changed_ns >= limit || s.modified_ns >= limit)) return false;
  }
  return true;
}

}  // namespace arxiv
