// DigestCache: serialized answers of GET /api/v1/digest kept between requests. A day's digest
// depends only on the request (day, profile, limit) and on three sources: the index (its uuid and
// revision), the feedback store (its revision) and the text of profiles.toml. An answer is reused
// only for the very same sources, so an import, a feedback write or a profile edit (by this
// server, the CLI or an editor) shows up on the next request. The cache keeps answers of one
// state of the sources, at most `capacity` of them (oldest dropped first).
//
// Checking the sources is cheap: sources() stats the files whose change means a new state (the
// index's directory and its glass version file `iamglass`, feedback.sqlite and its -wal,
// profiles.toml; FileStamps) and reuses the state it read last while their stamps are unchanged
// and settled. It reads the sources in full (index revision, feedback revision, profiles text)
// when a stamp moved, when a file changed less than FileStamps::kDefaultMargin ago (a second
// write in the same tick of the filesystem's clock could leave a stamp unchanged), and after
// invalidate(). What that guarantees:
//  * a write acknowledged by this server (the server calls invalidate() before it answers a
//    successful write) is in every digest answered after the acknowledgement;
//  * a write by another process (import, CLI feedback, an editor) is in every digest whose
//    request arrives after that write has reached the files, as before this cache checked stamps:
//    the write moves a stamp, or falls in the margin where every request reads in full.
//
// One cache serves one data directory. Thread-safe: every method may be called from any
// thread. Failures reading the sources are Errors.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fetcher/clock.h"
#include "fetcher/result.h"
#include "index/feedback_store.h"
#include "server/file_stamps.h"

namespace arxiv {

class DigestCache {
 public:
  struct Sources {
    std::string index;      // "uuid:revision"; empty when there is no index yet
    int64_t feedback = -1;  // the feedback store's revision; -1 when there is no store
    std::string profiles;   // profiles.toml, created with the defaults when missing
    bool operator==(const Sources&) const = default;
  };

  // `clock` (which must outlive the cache) tells how old a file's last change is; null: the
  // system clock.
  explicit DigestCache(size_t capacity = 512, const Clock* clock = nullptr)
      : capacity_(capacity), clock_(clock != nullptr ? clock : &system_clock_) {}

  // The current state of the sources in `data_dir`. Read them before computing an answer to
  // put(): a change racing with the computation then makes the answer's key older than its
  // content, so it is recomputed, never served stale.
  Result<Sources> sources(const std::filesystem::path& data_dir);
  // The sources may have changed in a way their files do not show yet: the next sources() reads
  // them in full.
  void invalidate();

  // The answer stored for `request` under exactly `sources`; null when there is none.
  std::shared_ptr<const std::string> find(const std::string& request, const Sources& sources);

  // Marks the calling thread as computing an answer; ends the mark when it goes out of scope
  // (after put(), or without an answer when the computation failed).
  class Claim {
   public:
    Claim() = default;
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    ~Claim();

   private:
    friend class DigestCache;
    DigestCache* cache_ = nullptr;
    std::string request_;
  };
  // find(), except that requests for the same answer arriving at once compute it once: when
  // another thread is computing `request`, waits for it to end and looks again. Null means this
  // thread must compute the answer (and put() it); `claim` then holds the mark the others wait
  // on. Without this, a cold start under load computes one digest once per connection, all at
  // the same time (64 digests at once on the 10x index took longer than wrk's 10 s time-out).
  std::shared_ptr<const std::string> find_or_claim(const std::string& request,
                                                   const Sources& sources, Claim& claim);
  // Stores an answer computed after `sources` were read; answers of other sources are dropped.
  void put(const std::string& request, const Sources& sources, std::string body);

  size_t stored() const;      // answers put so far (tests tell a cached answer from a computed one)
  size_t full_reads() const;  // sources() calls that read the sources in full (tests)

 private:
  Result<Sources> read_sources(const std::filesystem::path& data_dir);
  Result<std::string> index_state(const std::filesystem::path& data_dir);
  Result<int64_t> feedback_state(const std::filesystem::path& data_dir);

  const size_t capacity_;
  mutable std::mutex mutex_;
  Sources current_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> answers_;
  std::deque<std::string> order_;  // requests in answers_, oldest first
  // Requests being computed by a claim; computing_done_ wakes their waiters when one ends.
  std::unordered_map<std::string, uint64_t> computing_;
  uint64_t claims_ = 0;
  std::condition_variable computing_done_;
  size_t stored_ = 0;

  // The state sources() read in full last, and the stamps taken just before, while trusted.
  mutable std::mutex known_mutex_;
  std::optional<Sources> known_;
  FileStamps known_stamps_;
  uint64_t generation_ = 0;  // bumped by invalidate()
  size_t full_reads_ = 0;

  // Open handles, each used by one thread at a time (taken from and returned to the pool).
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Xapian::Database>> indexes_;
  std::vector<std::unique_ptr<FeedbackStore>> feedback_stores_;
  SystemClock system_clock_;  // FeedbackStore::open wants one; this cache never writes
  const Clock* clock_;
};

}  // namespace arxiv
