#include "server/reader_pool.h"

namespace arxiv {

ReaderPool::Borrowed::~Borrowed() {
  if (reader_) pool_->give_back(std::move(reader_));
}

Result<ReaderPool::Borrowed> ReaderPool::borrow(const std::filesystem::path& data_dir) {
  std::unique_ptr<PaperReader> reader;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      reader = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  // A reader that cannot move to the latest commit (the index was replaced or removed) is
  // dropped; a fresh open then says what is wrong, if anything.
  if (reader && !reader->reopen().ok()) reader.reset();
  if (!reader) {
    auto opened = PaperReader::open(data_dir);
    if (!opened.ok()) return opened.error();
    reader = std::move(opened).value();
  }
  return Borrowed(*this, std::move(reader));
}

void ReaderPool::give_back(std::unique_ptr<PaperReader> reader) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < capacity_) idle_.push_back(std::move(reader));
}

}  // namespace arxiv
