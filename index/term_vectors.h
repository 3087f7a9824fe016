// Papers as sparse term vectors read from their Xapian termlists: the features of the feedback
// model, of the similarity to a profile's description and of "nearest liked paper". Features are
// the stemmed words of title and abstract (title words count twice, as indexed) and the paper's
// categories.
//
// A paper's vector holds log term frequencies, L2-normalised, without idf: reading it costs only
// its termlist, while looking up the idf of every term of a day's papers would cost ten times
// more. Scorers fold idf into their own weights (see WeightedTerms), so
// score = sum over the paper's terms of tf(t) * idf(t) * w(t), for only the terms they weigh.
//
// Not thread-safe (caches, and reads one Xapian::Database); one per query. Callers run it
// inside guard(): reading may throw Xapian::Error.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace arxiv {

// (feature, value) sorted by feature.
using TermVector = std::vector<std::pair<std::string, double>>;
// feature -> weight, idf already applied.
using WeightedTerms = std::unordered_map<std::string, double>;

class TermVectors {
 public:
  explicit TermVectors(const Xapian::Database& db);

  // The log-tf vector of a document, unit length (empty without text); read once, then cached.
  const TermVector& of(Xapian::docid docid);
  // `v` with each value times its idf, unit length: the TF-IDF vector.
  TermVector tf_idf(const TermVector& v);
  // The TF-IDF vector of free text (a profile's description), indexed as an abstract is; cached
  // by text (many profiles share a description).
  const TermVector& tf_idf_of_text(const std::string& text);
  // log(N / df) of a feature, cached.
  double idf(const std::string& term);

  // The docid of a base arXiv id, 0 when it is not indexed.
  Xapian::docid docid_of(const std::string& arxiv_id) const;

 private:
  const Xapian::Database& db_;
  double doc_count_;
  std::unordered_map<Xapian::docid, TermVector> cache_;
  std::unordered_map<std::string, double> idf_;
  std::unordered_map<std::string, TermVector> texts_;
};

// Dot product of a log-tf vector with weights; terms without a weight count 0.
double weighted_sum(const TermVector& v, const WeightedTerms& weights);

// Dot product of two sorted vectors (their cosine when both are unit length).
double dot(const TermVector& a, const TermVector& b);

// For each stem ("Zarchitectur") of the documents' unprefixed words, the form they use most
// ("architecture"): how explanations show stemmed terms.
std::unordered_map<std::string, std::string> readable_stems(const Xapian::Database& db,
                                                            const std::vector<Xapian::docid>& docs);

// An index term as a person reads it: its readable form from `words` (readable_stems), a
// category as "category cs.LG", else the stem without its 'Z'.
std::string readable_term(const std::string& term,
                          const std::unordered_map<std::string, std::string>& words);

// Whether an index term is a feature: a word ("Zsparsity") or a category ("XCcs.LG").
bool is_feature_term(const std::string& term);

}  // namespace arxiv
