// Ranking papers: a day's digest per profile, and search over a range of days. Results carry the
// reasons each paper matched. Functions here read through a PaperReader and share its
// thread-safety: one reader per thread.
#pragma once

#include <string>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"
#include "index/feedback.h"
#include "index/paper_store.h"
#include "index/profile.h"

namespace arxiv {

struct RankedPaper {
  Paper paper;
  std::string announce_type;  // on the digest day; for search, of the first announcement
  double score = 0;
  // What made it match, in query order: `supernet (title)`, `"neural architecture search"
  // (abstract)`, `followed author: Geoffrey Hinton`.
  std::vector<std::string> matched;
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
};

// How papers are scored. kFull is the product; kPlainBm25 is the baseline `eval` reports: BM25
// over the profile's query text alone (no title weighting, category prior, authors or feedback).
enum class Scoring { kFull, kPlainBm25 };

struct DigestOptions {
  std::string day;      // YYYY-MM-DD; empty = the newest announcement day in the index
  std::string profile;  // empty = every profile
  int limit = 0;        // papers per profile; 0 = each profile's own limit
  const Feedback* feedback = nullptr;  // per-profile likes and dismissals; may be null
  Scoring scoring = Scoring::kFull;
};

// kInvalidInput for a malformed day or an unknown profile name; kNotFound when the index has no
// announcement day at all and none was asked for.
Result<Digest> build_digest(PaperReader& reader, const std::vector<Profile>& profiles,
                            const DigestOptions& options);

struct SearchOptions {
  std::string text;                  // search box text; may be empty
  const Profile* profile = nullptr;  // rank by this profile too; may be null
  std::string from, to;              // YYYY-MM-DD bounds on announcement days; empty = open
  size_t limit = 20;
  size_t offset = 0;
  const ProfileFeedback* feedback = nullptr;  // the profile's likes and dismissals; may be null
  Scoring scoring = Scoring::kFull;
};

struct SearchResults {
  size_t total = 0;  // papers matching, exactly
  std::vector<RankedPaper> papers;
};

// Ranks the papers announced in [from, to] by the text, the profile, or both (a paper must
// match both); with neither, lists them newest first. kInvalidInput for a bad date or text.
Result<SearchResults> search_papers(PaperReader& reader, const SearchOptions& options);

}  // namespace arxiv
