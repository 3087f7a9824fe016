// Feedback measurements over an imported data directory: taking 1,000 judgments for one profile
// (storing them in SQLite and training the profile's model), and the anchor for it: reading every
// paper's features once, the least that a corpus-wide retrain per request (arxiv-sanity-lite's
// SVM) must do. Run each in in_child(); not thread-safe.
#pragma once

#include <filesystem>
#include <vector>

#include "index/feedback_store.h"
#include "tests/bench/measure.h"

namespace arxiv::bench {

// Up to 1,000 judgments for the profile "nas": its dev likes, the other dev judgments as
// dismissals, and evenly spaced papers of the index as more dismissals.
std::vector<Judgment> thousand_judgments(const std::filesystem::path& labels_dir,
                                         const std::filesystem::path& data);

// Records `judgments` in a fresh feedback store under `scratch` and trains the model from them;
// count = the judged papers the model found in the index.
Figures feedback_ours(const std::filesystem::path& data, const std::filesystem::path& scratch,
                      const std::vector<Judgment>& judgments);

// One TF-IDF vector per paper of the index; count = papers read.
Figures read_all_features(const std::filesystem::path& data);

}  // namespace arxiv::bench
