#include "fetcher/source_file.h"

#include <cerrno>
#include <cstring>

namespace arxiv {

namespace {

Error gz_error(gzFile file, const std::string& path) {
  int code = 0;
  const char* message = gzerror(file, &code);
  if (code == Z_ERRNO) return Error::not_found(path + ": " + std::strerror(errno));
  return Error::invalid_input(path + ": corrupt or truncated compressed data (" + message + ")");
}

}  // namespace

Result<std::string> read_source_file(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return Error::not_found(path + ": " + std::strerror(errno));
  gzbuffer(file, 1 << 17);
  std::string data;
  char buf[1 << 16];
  for (;;) {
    int n = gzread(file, buf, sizeof buf);
    if (n < 0) {
      Error e = gz_error(file, path);
      gzclose(file);
      return e;
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  // gzread reports a truncated gzip member only through gzerror after the last read.
  int code = 0;
  gzerror(file, &code);
  if (code != Z_OK && code != Z_BUF_ERROR) {
    Error e = gz_error(file, path);
    gzclose(file);
    return e;
  }
  if (code == Z_BUF_ERROR) {
    gzclose(file);
    return Error::invalid_input(path + ": truncated compressed data");
  }
  gzclose(file);
  return data;
}

LineReader::~LineReader() {
  if (file_ != nullptr) gzclose(file_);
}

Status LineReader::open(const std::string& path) {
  // Reopening must not leak the previous file or keep its error.
  if (file_ != nullptr) gzclose(file_);
  status_ = {};
  path_ = path;
  file_ = gzopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    // Kept in status() too, so a caller looping on next() still sees why nothing came.
    status_ = Error::not_found(path + ": " + std::strerror(errno));
    return status_;
  }
  gzbuffer(file_, 1 << 17);
  return {};
}

bool LineReader::next(std::string& line) {
  line.clear();
  if (file_ == nullptr || !status_.ok()) return false;
  char buf[1 << 16];
  for (;;) {
    if (gzgets(file_, buf, sizeof buf) == nullptr) {
      int code = 0;
      gzerror(file_, &code);
      if (code == Z_BUF_ERROR) {
        status_ = Error::invalid_input(path_ + ": truncated compressed data");
        return false;
      }
      if (code != Z_OK) {
        status_ = gz_error(file_, path_);
        return false;
      }
      if (line.empty()) return false;
      break;  // the last line has no '\n'
    }
    line.append(buf);
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      break;
    }
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

}  // namespace arxiv
