#include "index/model_cache.h"

namespace arxiv {

namespace {

std::string key_of(const Xapian::Database& db, const ProfileFeedback& feedback) {
  std::string key = db.get_uuid() + ":" + std::to_string(db.get_revision()) + ":" +
                    std::to_string(db.get_doccount()) + "|";
  for (const auto& id : feedback.liked) key += id + ",";
  key += "|";
  for (const auto& id : feedback.dismissed) key += id + ",";
  return key;
}

}  // namespace

std::shared_ptr<const FeedbackModel> ModelCache::get(const Xapian::Database& db,
                                                     TermVectors& vectors,
                                                     const std::string& profile,
                                                     const ProfileFeedback& feedback) {
  const std::string key = key_of(db, feedback);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_profile_.find(profile);
    if (it != by_profile_.end() && it->second.key == key) return it->second.model;
  }
  // Trained outside the lock: two threads may both train a new model; the last one is kept.
  auto model = std::make_shared<const FeedbackModel>(FeedbackModel::train(db, vectors, feedback));
  std::lock_guard<std::mutex> lock(mutex_);
  by_profile_[profile] = {key, model};
  ++trained_;
  return model;
}

size_t ModelCache::trained() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return trained_;
}

}  // namespace arxiv
