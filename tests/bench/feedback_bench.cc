#include "tests/bench/feedback_bench.h"

#include <xapian.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "index/feedback_model.h"
#include "index/labels.h"
#include "index/paper_store.h"

namespace arxiv::bench {

namespace fs = std::filesystem;

std::vector<Judgment> thousand_judgments(const fs::path& labels_dir, const fs::path& data) {
  std::vector<Judgment> out;
  auto labels = load_labels_dir(labels_dir);
  if (!labels.ok()) return out;
  std::set<std::string> seen;
  for (const auto& [profile, judgments] : *labels) {
    for (const auto& j : judgments) {
      const auto grade = profile == "nas" ? j.grade : Grade::kDismiss;
      if (grade != Grade::kNeutral && seen.insert(j.id).second) out.push_back({j.id, grade});
    }
  }
  Xapian::Database db(index_path(data).string());
  for (Xapian::docid d = 1; d <= db.get_lastdocid() && out.size() < 1000; d += 61) {
    auto json = nlohmann::json::parse(db.get_document(d).get_data(), nullptr, false);
    if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) continue;
    const std::string id = json["id"];
    if (seen.insert(id).second) out.push_back({id, Grade::kDismiss});
  }
  return out;
}

Figures feedback_ours(const fs::path& data, const fs::path& scratch,
                      const std::vector<Judgment>& judgments) {
  SystemClock clock;
  const auto start = Clock::now();
  auto store = FeedbackStore::open(scratch, clock);
  if (!store.ok() || !store->record("nas", judgments).ok()) return {};
  auto feedback = store->for_profile("nas");
  auto reader = PaperReader::open(data);
  if (!feedback.ok() || !reader.ok()) return {};
  TermVectors vectors(reader.value()->database());
  auto model = FeedbackModel::train(reader.value()->database(), vectors, *feedback);
  Figures f;
  f.seconds = since(start);
  f.count = static_cast<double>(model.likes() + model.dismissals());
  return f;
}

Figures read_all_features(const fs::path& data) {
  const auto start = Clock::now();
  auto reader = PaperReader::open(data);
  if (!reader.ok()) return {};
  Xapian::Database& db = reader.value()->database();
  TermVectors vectors(db);
  Figures f;
  for (Xapian::docid d = 1; d <= db.get_lastdocid(); ++d)
    f.count += !vectors.tf_idf(vectors.of(d)).empty();
  f.seconds = since(start);
  return f;
}

}  // namespace arxiv::bench
