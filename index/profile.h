// Profile: one research interest to rank papers against, as kept in profiles.toml in the data
// directory. A plain value type; the functions here are pure and thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/result.h"

namespace arxiv {

struct Profile {
  std::string name;         // identifier: lowercase letters, digits and '-', unique in the file
  std::string title;        // human title, "Neural architecture search"
  std::string description;  // the interest in the researcher's words
  // Xapian QueryParser syntax: words, "phrases", OR/AND/NOT, and the field prefixes title:,
  // author: and cat: (plain words search title, abstract and authors).
  std::string query;
  std::vector<std::string> must_have;   // words or "phrases"; a paper must contain every one
  std::vector<std::string> must_not;    // words or "phrases"; a paper containing any is dropped
  std::vector<std::string> categories;  // e.g. "cs.LG"; a boost for papers in them
  bool categories_only = false;         // true: the categories are a filter, not only a boost
  std::vector<std::string> authors;     // followed authors, always surfaced: "Geoffrey Hinton"
  int limit = 10;                       // papers per digest
  // Papers whose own score (BM25 of the query plus similarity to the description, feedback
  // aside) is below this are left out of the digest.
  double min_score = 0.0;

  bool operator==(const Profile&) const = default;
};

// Checks one profile's fields (name syntax, non-empty query or authors, no blank list entries,
// arXiv-like categories, limit 1..1000, finite min_score >= 0). The error names the profile and
// the field: "profile 'nas': 'limit' must be between 1 and 1000 (got 0)".
Status validate_profile(const Profile& profile);

// The profile named `name`, or kInvalidInput "no profile named 'x' (profiles: nas, ...)".
// The pointer is into `profiles`.
Result<const Profile*> find_profile(const std::vector<Profile>& profiles, const std::string& name);

// The shipped profiles, one per interest in shared/eval/README.md: nas, compositionality,
// theoretical-neuroscience, disentanglement, sparse-modular.
const std::vector<Profile>& default_profiles();

// Parses a profiles file: an array of [[profile]] tables with the fields above as keys
// (must_have, must_not, categories_only, min_score spelled so). Unknown keys, wrong types,
// invalid values and duplicate names fail with kInvalidInput and a message naming the source,
// the line and the field: "profiles.toml:12: profile 'nas': 'limit' must be an integer".
Result<std::vector<Profile>> parse_profiles(std::string_view toml_text,
                                            std::string_view source_name);

// Writes profiles in the format parse_profiles reads (round-trips exactly).
std::string format_profiles(const std::vector<Profile>& profiles);

// Loads `data_dir`/profiles.toml; when it does not exist, writes the defaults there first.
// Fails with kInvalidInput for a broken file (see parse_profiles) and kUnavailable when the file
// cannot be read or written.
Result<std::vector<Profile>> load_or_create_profiles(const std::filesystem::path& data_dir);

// Writes `data_dir`/profiles.toml atomically (temporary file, fsync, then rename), creating the
// directory if needed. Invalid profiles, repeated names and text that is not UTF-8 fail with
// kInvalidInput before anything is written; I/O failures give kUnavailable. Either way the old
// file is left as it was and no temporary file remains.
Status save_profiles(const std::filesystem::path& data_dir, const std::vector<Profile>& profiles);

}  // namespace arxiv
