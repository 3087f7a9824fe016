#include "index/suggestions.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "index/plural_stemmer.h"
#include "index/query_builder.h"
#include "index/term_vectors.h"
#include "index/xapian_error.h"

namespace arxiv {

namespace {

// Every term the profile's query already searches for, stemmed or not.
Result<std::set<std::string>> query_terms(const Profile& profile) {
  QueryBuilder builder;
  auto built = builder.plain_query(profile);
  if (!built.ok()) return built.error();
  std::set<std::string> terms;
  for (auto t = built->query.get_unique_terms_begin(); t != built->query.get_unique_terms_end();
       ++t)
    terms.insert(*t);
  return terms;
}

bool is_word(const std::string& word) {
  if (word.empty()) return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '-' || c == '.' || u >= 0x80;
  });
}

}  // namespace

Result<std::vector<LearnedTerm>> suggest_terms(PaperReader& reader, const Profile& profile,
                                               const ProfileFeedback& feedback, size_t limit) {
  auto known = query_terms(profile);
  if (!known.ok()) return known.error();
  return guard("suggesting terms", [&]() -> Result<std::vector<LearnedTerm>> {
    Xapian::Database& db = reader.database();
    TermVectors vectors(db);
    const FeedbackModel model = FeedbackModel::train(db, vectors, feedback);
    const Xapian::Stem stem = plural_stemmer();
    std::vector<LearnedTerm> out;
    for (const auto& t : model.expansion()) {
      if (out.size() >= limit) break;
      std::string lower = t.label;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (known->count(t.term) || known->count(lower) || known->count("Z" + stem(lower))) continue;
      out.push_back(t);
    }
    return out;
  });
}

Result<Profile> accept_terms(const Profile& profile, const std::vector<std::string>& words) {
  auto known = query_terms(profile);
  if (!known.ok()) return known.error();
  const Xapian::Stem stem = plural_stemmer();
  Profile out = profile;
  for (const auto& word : words) {
    if (!is_word(word))
      return Error::invalid_input("profile '" + profile.name + "': cannot add '" + word +
                                  "': give single words (letters, digits, '-' or '.')");
    std::string lower = word;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (known->count(lower) || known->count("Z" + stem(lower))) continue;
    known->insert("Z" + stem(lower));
    out.query += (out.query.empty() ? "" : " ") + word;
  }
  return out;
}

}  // namespace arxiv
