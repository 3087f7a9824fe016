// Terms a profile could add, learned from its likes: the expansion terms of the feedback model
// (Xapian ESet over the liked papers) that the profile's query does not hold yet, and accepting
// them into the profile's query.
// Functions are stateless; suggest_terms reads through a PaperReader (one per thread).
#pragma once

#include <string>
#include <vector>

#include "fetcher/result.h"
#include "index/feedback.h"
#include "index/feedback_model.h"
#include "index/paper_store.h"
#include "index/profile.h"

namespace arxiv {

// Up to `limit` terms, strongest first, with readable labels ("routing"). Empty without a like.
// kInvalidInput when the profile's query does not parse.
Result<std::vector<LearnedTerm>> suggest_terms(PaperReader& reader, const Profile& profile,
                                               const ProfileFeedback& feedback, size_t limit);

// The profile with `words` ORed into its query (each a single word of letters, digits, '-' or
// '.'; one already in the query is skipped). kInvalidInput naming the word that is not one.
Result<Profile> accept_terms(const Profile& profile, const std::vector<std::string>& words);

}  // namespace arxiv
