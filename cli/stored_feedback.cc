// Reading the feedback that digest and search rank with.
#include "cli/commands.h"
#include "index/feedback_store.h"

namespace arxiv::cli {

Result<Feedback> stored_feedback(const std::filesystem::path& data_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(feedback_path(data_dir), ec)) return Feedback{};
  SystemClock clock;
  auto store = FeedbackStore::open(data_dir, clock);
  if (!store.ok()) return store.error();
  return store->all();
}

}  // namespace arxiv::cli
