// Feedback: what a researcher said about papers for one profile (like, dismiss, or no signal),
// as ranking consumes it. Plain value types; FeedbackStore (feedback_store.h) keeps them.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace arxiv {

// The grades of the judgment files: 2 = like (must read), 1 = no signal, 0 = dismiss.
enum class Grade : int { kDismiss = 0, kNeutral = 1, kLike = 2 };

// One profile's judgments, as arXiv ids. A paper is in at most one list.
struct ProfileFeedback {
  std::vector<std::string> liked;
  std::vector<std::string> dismissed;

  bool empty() const { return liked.empty() && dismissed.empty(); }
};

// Feedback of every profile, by profile name.
using Feedback = std::map<std::string, ProfileFeedback>;

}  // namespace arxiv
