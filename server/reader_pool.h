// ReaderPool: index readers kept open between requests. Opening a Xapian database per request
// costs its file opens and, worse, starts every B-tree cursor cold, so a search re-reads the
// same upper blocks each time (a quarter of a search's time under load went to pread). A borrowed
// reader is reopen()ed first, so it sees every commit an import or fetch made since, as a fresh
// one would.
//
// Thread-safe: any thread may borrow; a Borrowed reader belongs to its thread until it goes out
// of scope, when it returns to the pool. At most `capacity` idle readers are kept.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "fetcher/result.h"
#include "index/paper_store.h"

namespace arxiv {

class ReaderPool {
 public:
  class Borrowed {
   public:
    Borrowed(ReaderPool& pool, std::unique_ptr<PaperReader> reader)
        : pool_(&pool), reader_(std::move(reader)) {}
    Borrowed(Borrowed&& other) noexcept = default;
    Borrowed& operator=(Borrowed&&) = delete;
    ~Borrowed();
    PaperReader& operator*() const { return *reader_; }
    PaperReader* operator->() const { return reader_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<PaperReader> reader_;
  };

  explicit ReaderPool(size_t capacity = 64) : capacity_(capacity) {}

  // A reader of `data_dir`'s index at its latest commit. Errors as PaperReader::open (kNotFound
  // before the first import).
  Result<Borrowed> borrow(const std::filesystem::path& data_dir);

 private:
  void give_back(std::unique_ptr<PaperReader> reader);

  const size_t capacity_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<PaperReader>> idle_;
};

}  // namespace arxiv
