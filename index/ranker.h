// Ranking papers: a day's digest per profile, and search over a range of days. Results carry the
// reasons each paper matched. Functions here read through a PaperReader and share its
// thread-safety: one reader per thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"
#include "index/explain.h"
#include "index/feedback.h"
#include "index/feedback_model.h"
#include "index/model_cache.h"
#include "index/paper_store.h"
#include "index/profile.h"

namespace arxiv {

// Why a paper ranked where it did.
struct Why {
  std::vector<MatchedTerm> terms;             // profile terms and phrases it contains, and where
  std::vector<LearnedTerm> learned;           // its features the feedback model weighed most
  std::optional<NearestLiked> nearest_liked;  // the liked paper most like it
  double profile_score = 0;                   // BM25 of the profile query (and learned expansion)
  double interest_score = 0;  // similarity to the profile's description, in BM25 units
  double feedback_score = 0;  // what the feedback model added (may be negative)
};

struct RankedPaper {
  Paper paper;
  std::string announce_type;  // on the digest day; for search, of the first announcement
  double score = 0;           // profile_score + interest_score + feedback_score
  // What made it match, in query order: `supernet (title)`, `"neural architecture search"`,
  // `followed author: Geoffrey Hinton` (the one-line form of why.terms).
  std::vector<std::string> matched;
  Why why;
  std::vector<std::string> profiles;  // all-profiles view: every profile it ranked in
};

struct ProfileDigest {
  std::string name;
  std::string title;
  size_t matches = 0;  // papers of the day that matched at all, before the limit and min_score
  std::vector<RankedPaper> papers;
};

struct Digest {
  std::string day;       // YYYY-MM-DD
  size_t announced = 0;  // papers announced that day (0: no announcement)
  std::vector<ProfileDigest> profiles;
  // All profiles at once: each paper of the profiles' lists once, with `profiles` naming every
  // profile that listed it, ordered by its best rank in any of them (then by score).
  std::vector<RankedPaper> all;
};

// How papers are scored. kFull is the product; kPlainBm25 is the baseline `eval` reports: BM25
// over the profile's query text alone (no category prior, authors, description, feedback or
// min_score).
enum class Scoring { kFull, kPlainBm25 };

struct DigestOptions {
  std::string day;      // YYYY-MM-DD; empty = the newest announcement day in the index
  std::string profile;  // empty = every profile
  int limit = 0;        // papers per profile; 0 = each profile's own limit
  const Feedback* feedback = nullptr;  // per-profile likes and dismissals; may be null
  Scoring scoring = Scoring::kFull;
  ModelCache* models = nullptr;  // keeps trained models between calls; null: train every time
  // The data directory `reader` reads. When set, the profiles are ranked on two threads, the
  // second with its own handle on the index (about half the time for many profiles); the digest
  // is the same either way. Ignored (one thread) when the index has changed since `reader`
  // opened it.
  std::filesystem::path data_dir = {};
};

// kInvalidInput for a malformed day or an unknown profile name; kNotFound when the index has no
// announcement day at all and none was asked for. Runs on the calling thread, plus one more
// while ranking when options.data_dir is set.
Result<Digest> build_digest(PaperReader& reader, const std::vector<Profile>& profiles,
                            const DigestOptions& options);

struct SearchOptions {
  std::string text;                  // search box text; may be empty
  const Profile* profile = nullptr;  // rank by this profile too; may be null
  std::string from, to;              // YYYY-MM-DD bounds on announcement days; empty = open
  size_t limit = 20;
  size_t offset = 0;
  // Only papers in any of these categories, as arXiv writes them ("cs.LG"; cross-lists count);
  // empty = every category.
  std::vector<std::string> categories;
  // Shown every paper that matches, not only the page returned (facets.h); may be null.
  Xapian::MatchSpy* spy = nullptr;
  const ProfileFeedback* feedback = nullptr;  // the profile's likes and dismissals; may be null
  Scoring scoring = Scoring::kFull;
  ModelCache* models = nullptr;  // keeps trained models between calls; null: train every time
};

struct SearchResults {
  size_t total = 0;  // papers matching, exactly
  std::vector<RankedPaper> papers;
};

// Ranks the papers announced in [from, to] by the text, the profile, or both (a paper must
// match both); with neither, lists them newest first. kInvalidInput for a bad date or text.
Result<SearchResults> search_papers(PaperReader& reader, const SearchOptions& options);

}  // namespace arxiv
