// ModelCache: trained feedback models kept between requests, so a long-running process (the web
// server, the benchmark) trains a profile's model once per change of its feedback or of the index,
// not on every digest. A model is reused only for the same profile, the same likes and dismissals
// and the same database revision (docids and idf depend on it).
//
// Thread-safe: lookups and inserts take a mutex; models are shared immutable objects.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "index/feedback.h"
#include "index/feedback_model.h"
#include "index/term_vectors.h"

namespace arxiv {

class ModelCache {
 public:
  // The model of `feedback` for `profile`, trained now (through `vectors`) unless cached. May
  // throw Xapian::Error: call inside guard().
  std::shared_ptr<const FeedbackModel> get(const Xapian::Database& db, TermVectors& vectors,
                                           const std::string& profile,
                                           const ProfileFeedback& feedback);

  size_t trained() const;  // models trained so far (for tests)

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const FeedbackModel> model;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> by_profile_;  // one model per profile: the newest
  size_t trained_ = 0;
};

}  // namespace arxiv
