// FeedbackStore: the researcher's judgments of papers, per profile, kept in SQLite at
// <data dir>/feedback.sqlite. One row per (profile, paper): the newest judgment replaces any
// earlier one. Grade 1 (no signal) is stored as such; ranking ignores it. Beside its grade a
// paper may be saved (bookmarked, to read later); a saved paper with grade 1 counts as liked in
// for_profile()/all(), since the researcher wants to read it. A revision number grows by one with
// every change, so caches of anything derived from feedback can key on it. Files of schema 1
// (before bookmarks) are migrated in place on open.
//
// The database runs in WAL mode with a busy timeout, so one process may write (the web server)
// while others read (the CLI). A FeedbackStore is a move-only handle and is not thread-safe: use
// one object per thread. Every method returns an Error instead of throwing: kInvalidInput for a
// bad argument, kCorrupt for a file that is not a feedback database, kConflict when another
// writer holds the lock past the timeout, kUnavailable for I/O failures.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fetcher/clock.h"
#include "fetcher/result.h"
#include "index/feedback.h"

namespace arxiv {

// One paper's grade for one profile.
struct Judgment {
  std::string id;  // base arXiv id, "2503.17994"
  Grade grade = Grade::kNeutral;
};

// A stored judgment, for display.
struct StoredJudgment {
  std::string id;
  Grade grade = Grade::kNeutral;  // as recorded (a saved paper is not shown as liked here)
  std::string updated_at;         // UTC, "2025-11-27T10:34:05Z"
  bool saved = false;
};

// Where the store lives inside a data directory.
std::filesystem::path feedback_path(const std::filesystem::path& data_dir);

// The signal ranking uses: grade 2 -> liked, 0 -> dismissed, 1 left out; order kept. When an id
// repeats, its last grade counts.
ProfileFeedback feedback_from(const std::vector<Judgment>& judgments);

// Every profile's likes and dismissals stored in <data_dir>, empty when none were ever given (the
// database is not created just to read it). Errors as FeedbackStore::open.
Result<Feedback> stored_feedback(const std::filesystem::path& data_dir);

class FeedbackStore {
 public:
  // Opens (creating the directory, file and schema if needed) <data_dir>/feedback.sqlite.
  // `clock` stamps judgments and must outlive the store. A file that is not a feedback database
  // fails with kCorrupt and is left untouched.
  static Result<FeedbackStore> open(const std::filesystem::path& data_dir, const Clock& clock);
  // A private database in memory, gone with the object (tests, scratch evaluations).
  static Result<FeedbackStore> in_memory(const Clock& clock);

  // A moved-from store may only be destroyed or assigned to.
  FeedbackStore(FeedbackStore&& other) noexcept;
  FeedbackStore& operator=(FeedbackStore&& other) noexcept;
  FeedbackStore(const FeedbackStore&) = delete;
  FeedbackStore& operator=(const FeedbackStore&) = delete;
  ~FeedbackStore();

  // Stores every judgment in one transaction (all or nothing) and bumps the revision once. Ids
  // are stored as base ids ("2503.17994v2" -> "2503.17994"). kInvalidInput, before anything is
  // written, for an empty profile name, a text that is not an arXiv id or a grade outside 0..2.
  // Recording nothing changes nothing.
  Status record(const std::string& profile, const std::vector<Judgment>& judgments);
  // The same grade for every id.
  Status record(const std::string& profile, const std::vector<std::string>& ids, Grade grade);
  // Saves (bookmarks) or unsaves papers, keeping their grades; a paper never judged gets grade 1.
  // One transaction and one revision bump, like record(); kInvalidInput as record().
  Status set_saved(const std::string& profile, const std::vector<std::string>& ids, bool saved);

  // One profile's likes (saved papers with grade 1 included) and dismissals (empty for a profile
  // never judged), ids in order.
  Result<ProfileFeedback> for_profile(const std::string& profile);
  // Every profile that has a like, a dismissal or a saved paper.
  Result<Feedback> all();
  // One profile's judgments, neutral ones included, newest first (ties by id).
  Result<std::vector<StoredJudgment>> list(const std::string& profile);
  // One paper's stored state for a profile (any version of its id); nullopt when it was never
  // judged nor saved. kInvalidInput for a text that is not an arXiv id.
  Result<std::optional<StoredJudgment>> find(const std::string& profile, const std::string& id);
  // 0 for a new store; grows with every successful record() that stored something.
  Result<int64_t> revision();

 private:
  struct Impl;
  explicit FeedbackStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace arxiv
