#include "server/digest_cache.h"

#include <system_error>

#include "fetcher/source_file.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/xapian_error.h"

namespace arxiv {

namespace {

// Takes a handle from `pool` (null when empty) and puts it back when it goes out of scope.
template <class Handle>
class Borrowed {
 public:
  Borrowed(std::mutex& mutex, std::vector<std::unique_ptr<Handle>>& pool)
      : mutex_(mutex), pool_(pool) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!pool_.empty()) {
      handle_ = std::move(pool_.back());
      pool_.pop_back();
    }
  }
  ~Borrowed() {
    if (!handle_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    pool_.push_back(std::move(handle_));
  }
  std::unique_ptr<Handle>& get() { return handle_; }

 private:
  std::mutex& mutex_;
  std::vector<std::unique_ptr<Handle>>& pool_;
  std::unique_ptr<Handle> handle_;
};

// The files whose change means a new state of the sources. The index's directory is there for
// index backends that rename files other than `iamglass`; glass replaces `iamglass` by a rename on
// every commit, which gives it a new inode.
std::vector<std::filesystem::path> watched_files(const std::filesystem::path& data_dir) {
  const auto index = index_path(data_dir);
  const auto feedback = feedback_path(data_dir);
  return {index, index / "iamglass", feedback, feedback.string() + "-wal",
          data_dir / "profiles.toml"};
}

}  // namespace

Result<std::string> DigestCache::index_state(const std::filesystem::path& data_dir) {
  std::error_code error;
  if (!std::filesystem::exists(index_path(data_dir), error)) return std::string();
  Borrowed<Xapian::Database> db(pool_mutex_, indexes_);
  return guard("reading the index revision", [&]() -> Result<std::string> {
    // reopen() only rereads the revision file when nothing changed, far cheaper than an open.
    if (db.get())
      db.get()->reopen();
    else
      db.get() = std::make_unique<Xapian::Database>(index_path(data_dir).string());
    return db.get()->get_uuid() + ":" + std::to_string(db.get()->get_revision());
  });
}

Result<int64_t> DigestCache::feedback_state(const std::filesystem::path& data_dir) {
  std::error_code error;
  // Reading must not create the store (stored_feedback does not either).
  if (!std::filesystem::exists(feedback_path(data_dir), error)) return int64_t{-1};
  Borrowed<FeedbackStore> store(pool_mutex_, feedback_stores_);
  if (!store.get()) {
    auto opened = FeedbackStore::open(data_dir, system_clock_);
    if (!opened.ok()) return opened.error();
    store.get() = std::make_unique<FeedbackStore>(std::move(opened.value()));
  }
  return store.get()->revision();
}

Result<DigestCache::Sources> DigestCache::read_sources(const std::filesystem::path& data_dir) {
  Sources now;
  auto index = index_state(data_dir);
  if (!index.ok()) return index.error();
  now.index = std::move(index.value());
  auto feedback = feedback_state(data_dir);
  if (!feedback.ok()) return feedback.error();
  now.feedback = feedback.value();
  const auto profiles = data_dir / "profiles.toml";
  std::error_code error;
  if (!std::filesystem::exists(profiles, error)) {
    auto created = load_or_create_profiles(data_dir);
    if (!created.ok()) return created.error();
  }
  auto text = read_source_file(profiles.string());
  if (!text.ok()) return Error::unavailable("cannot read profiles: " + text.error().message);
  now.profiles = std::move(text.value());
  return now;
}

Result<DigestCache::Sources> DigestCache::sources(const std::filesystem::path& data_dir) {
  // The time is read before the stamps, so a write after it cannot look settled.
  const Clock::TimePoint taken = clock_->now();
  FileStamps stamps = FileStamps::of(watched_files(data_dir));
  uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(known_mutex_);
    if (known_ && stamps == known_stamps_) return *known_;
    generation = generation_;
    ++full_reads_;
  }
  auto read = read_sources(data_dir);
  if (!read.ok()) return read.error();
  // The state read is at least as new as the stamps (they were taken first), so reusing it while
  // they stay the same never goes back in time. Unsettled stamps may miss a write: not kept.
  std::lock_guard<std::mutex> lock(known_mutex_);
  if (generation == generation_ && stamps.settled(taken)) {
    known_ = read.value();
    known_stamps_ = std::move(stamps);
  } else if (generation == generation_) {
    known_.reset();
  }
  return read;
}

void DigestCache::invalidate() {
  std::lock_guard<std::mutex> lock(known_mutex_);
  ++generation_;
  known_.reset();
}

size_t DigestCache::full_reads() const {
  std::lock_guard<std::mutex> lock(known_mutex_);
  return full_reads_;
}

std::shared_ptr<const std::string> DigestCache::find(const std::string& request,
                                                     const Sources& sources) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!(sources == current_)) return nullptr;
  auto it = answers_.find(request);
  return it == answers_.end() ? nullptr : it->second;
}

std::shared_ptr<const std::string> DigestCache::find_or_claim(const std::string& request,
                                                              const Sources& sources,
                                                              Claim& claim) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (sources == current_) {
      if (auto it = answers_.find(request); it != answers_.end()) return it->second;
    }
    auto running = computing_.find(request);
    if (running == computing_.end()) break;
    // Wait for that very claim to end (not just any), then look again: its answer may be for
    // other sources, or it may have failed, and then this thread computes.
    const uint64_t id = running->second;
    computing_done_.wait(lock, [&] {
      auto now = computing_.find(request);
      return now == computing_.end() || now->second != id;
    });
  }
  computing_[request] = ++claims_;
  claim.cache_ = this;
  claim.request_ = request;
  return nullptr;
}

DigestCache::Claim::~Claim() {
  if (cache_ == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(cache_->mutex_);
    cache_->computing_.erase(request_);
  }
  cache_->computing_done_.notify_all();
}

void DigestCache::put(const std::string& request, const Sources& sources, std::string body) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++stored_;
  if (!(sources == current_)) {
    answers_.clear();
    order_.clear();
    current_ = sources;
  }
  auto [it, added] =
      answers_.try_emplace(request, std::make_shared<const std::string>(std::move(body)));
  if (!added) return;
  order_.push_back(request);
  while (answers_.size() > capacity_) {
    answers_.erase(order_.front());
    order_.pop_front();
  }
}

size_t DigestCache::stored() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stored_;
}

}  // namespace arxiv
