// FeedbackModel: what one profile learned from its likes and dismissals.
//
// Two parts, both cheap enough to build per request (about 1,000 judgments in well under a
// second, no pass over the corpus):
//  - expansion: the liked papers as a Xapian RSet, and the terms Xapian's ESet finds most
//    characteristic of them; the ranker adds them to the profile query (so papers using the
//    researcher's vocabulary are found) and offers them to the researcher to accept;
//  - a linear model (L2-regularised logistic regression) over TF-IDF features (term_vectors.h),
//    trained on likes against dismissals and a fixed sample of the corpus as weak negatives; its
//    log-odds shift the profile's own BM25 score.
//
// Immutable after train(); const methods are thread-safe. train() reads the database and may
// throw Xapian::Error: call it inside guard().
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "index/feedback.h"
#include "index/term_vectors.h"

namespace arxiv {

struct LearnedTerm {
  std::string term;   // index term: "Zsparsiti", "XCcs.NE"
  std::string label;  // readable: "sparsity", "category cs.NE"
  double weight = 0;  // model weight or contribution; ESet weight for expansion terms
};

struct NearestLiked {
  std::string id;
  std::string title;
  double similarity = 0;  // cosine of the TF-IDF vectors
};

class FeedbackModel {
 public:
  // An untrained model: scores 0, no expansion.
  FeedbackModel() = default;

  // Ids that are not indexed are ignored. Without a single indexed like the model stays
  // untrained (a dismissal alone says too little to rank by).
  static FeedbackModel train(const Xapian::Database& db, TermVectors& vectors,
                             const ProfileFeedback& feedback);

  bool trained() const { return !liked_.empty(); }
  size_t likes() const { return liked_.size(); }
  size_t dismissals() const { return dismissed_count_; }

  // Log-odds that the paper (its log-tf vector, TermVectors::of) is liked; 0 when untrained.
  double score(const TermVector& paper) const;
  // The paper's features that pushed its score up most, strongest first.
  std::vector<LearnedTerm> top_contributions(const TermVector& paper, size_t n) const;
  // The liked paper most similar to a paper given by its TF-IDF vector (never itself), if any
  // shares a feature.
  std::optional<NearestLiked> nearest_liked(Xapian::docid docid, const TermVector& tf_idf) const;

  // The ESet terms of the liked papers, strongest first.
  const std::vector<LearnedTerm>& expansion() const { return expansion_; }
  // Their OR, each term weighted by BM25 as usual; empty Query when untrained.
  Xapian::Query expansion_query() const;
  // Whether the researcher dismissed this document (the digest then leaves it out).
  bool dismissed(Xapian::docid docid) const { return dismissed_.count(docid) > 0; }
  const std::unordered_set<Xapian::docid>& dismissed_docids() const { return dismissed_; }

 private:
  struct Liked {
    Xapian::docid docid;
    std::string id, title;
    TermVector vector;  // TF-IDF
  };

  std::vector<Liked> liked_;
  size_t dismissed_count_ = 0;
  std::unordered_set<Xapian::docid> judged_;
  std::unordered_set<Xapian::docid> dismissed_;
  WeightedTerms weights_;  // idf applied
  std::unordered_map<std::string, std::string> labels_;
  double bias_ = 0;
  std::vector<LearnedTerm> expansion_;
};

}  // namespace arxiv
