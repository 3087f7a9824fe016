#include "index/feedback_model.h"

#include <algorithm>
#include <cmath>

#include "fetcher/paper_json.h"
#include "index/schema.h"

namespace arxiv {

namespace {

// Terms Xapian's ESet proposes from the liked papers.
constexpr Xapian::termcount kExpansionTerms = 20;
// Corpus papers sampled as weak negatives: most papers are not what a profile wants, and without
// them a model trained on a few dismissals learns that any on-topic word means "dismiss".
constexpr Xapian::docid kBackgroundSample = 600;
constexpr double kBackgroundWeight = 0.5;  // relative to one dismissal
// L2 regularisation: strong enough that a single judged paper's rare words do not dominate.
constexpr double kL2 = 0.02;
constexpr int kIterations = 100;

// Stemmed words that are not in more than a fifth of all papers: Bo1 rates a word the liked
// papers repeat highly however common it is ("we", "model").
class TopicWords : public Xapian::ExpandDecider {
 public:
  explicit TopicWords(const Xapian::Database& db)
      : db_(db), max_papers_(std::max<Xapian::doccount>(2, db.get_doccount() / 5)) {}
  bool operator()(const std::string& term) const override {
    return term[0] == 'Z' && is_feature_term(term) && db_.get_termfreq(term) <= max_papers_;
  }

 private:
  const Xapian::Database& db_;
  const Xapian::doccount max_papers_;
};

std::string title_of(const Xapian::Document& doc) {
  auto json = nlohmann::json::parse(doc.get_data(), nullptr, false);
  if (json.is_object() && json.contains("title") && json["title"].is_string())
    return json["title"].get<std::string>();
  return "";
}

struct Example {
  std::vector<std::pair<size_t, double>> x;
  double y = 0;
  double weight = 0;
};

// Minimises the weighted log-loss plus kL2/2 |w|^2 by accelerated gradient descent, with the
// step of the loss's Lipschitz bound (weights sum to 2; `max_norm2` bounds |x|^2 plus the bias).
std::vector<double> fit(const std::vector<Example>& examples, size_t features, double max_norm2) {
  std::vector<double> w(features + 1, 0), look = w, grad(features + 1);
  const size_t bias = features;
  const double step = 1 / (0.5 * max_norm2 + kL2);
  for (int it = 1; it <= kIterations; ++it) {
    std::fill(grad.begin(), grad.end(), 0);
    for (const auto& e : examples) {
      double z = look[bias];
      for (const auto& [f, v] : e.x) z += look[f] * v;
      const double g = e.weight * (1 / (1 + std::exp(-z)) - e.y);
      grad[bias] += g;
      for (const auto& [f, v] : e.x) grad[f] += g * v;
    }
    for (size_t f = 0; f < features; ++f) grad[f] += kL2 * look[f];
    const double momentum = (it - 1.0) / (it + 2.0);
    for (size_t f = 0; f <= features; ++f) {
      const double next = look[f] - step * grad[f];
      look[f] = next + momentum * (next - w[f]);
      w[f] = next;
    }
  }
  return w;
}

}  // namespace

FeedbackModel FeedbackModel::train(const Xapian::Database& db, TermVectors& vectors,
                                   const ProfileFeedback& feedback) {
  FeedbackModel model;
  std::vector<Xapian::docid> liked_docs, dismissed_docs;
  for (const auto& id : feedback.liked) {
    if (Xapian::docid d = vectors.docid_of(id); d != 0 && model.judged_.insert(d).second)
      liked_docs.push_back(d);
  }
  for (const auto& id : feedback.dismissed) {
    if (Xapian::docid d = vectors.docid_of(id); d != 0 && model.judged_.insert(d).second)
      dismissed_docs.push_back(d);
  }
  model.dismissed_count_ = dismissed_docs.size();
  model.dismissed_.insert(dismissed_docs.begin(), dismissed_docs.end());
  if (liked_docs.empty()) return model;
  for (Xapian::docid d : liked_docs) {
    model.liked_.push_back({d, "", title_of(db.get_document(d)), vectors.tf_idf(vectors.of(d))});
    auto id_term = db.termlist_begin(d);
    id_term.skip_to(std::string(schema::kId));
    if (id_term != db.termlist_end(d)) {
      const std::string t = *id_term;
      if (t.rfind(schema::kId, 0) == 0) model.liked_.back().id = t.substr(schema::kId.size());
    }
  }

  // Features are log-tf times idf (term_vectors.h), so the learned weights times idf score a
  // paper straight from its termlist.
  std::vector<Example> examples;
  std::unordered_map<std::string, size_t> index;
  std::vector<double> idf_of;
  double max_norm2 = 1;
  auto add = [&](const TermVector& v, double y, double weight) {
    Example e{{}, y, weight};
    double norm2 = 1;
    for (const auto& [term, value] : v) {
      auto [it, fresh] = index.emplace(term, index.size());
      if (fresh) idf_of.push_back(vectors.idf(term));
      const double x = value * idf_of[it->second];
      e.x.emplace_back(it->second, x);
      norm2 += x * x;
    }
    max_norm2 = std::max(max_norm2, norm2);
    examples.push_back(std::move(e));
  };
  std::vector<Xapian::docid> background;
  const Xapian::docid last = db.get_lastdocid();
  const Xapian::docid stride = std::max<Xapian::docid>(1, last / kBackgroundSample);
  for (Xapian::docid d = 1; d <= last; d += stride) {
    if (model.judged_.count(d) == 0) background.push_back(d);
  }
  const double negatives = dismissed_docs.size() + kBackgroundWeight * background.size();
  for (Xapian::docid d : liked_docs) add(vectors.of(d), 1, 1.0 / liked_docs.size());
  for (Xapian::docid d : dismissed_docs) add(vectors.of(d), 0, 1.0 / negatives);
  for (Xapian::docid d : background) {
    try {
      add(vectors.of(d), 0, kBackgroundWeight / negatives);
    } catch (const Xapian::DocNotFoundError&) {
      // A gap in docids (a deleted paper): the sample is only approximate anyway.
    }
  }
  std::vector<double> w = fit(examples, index.size(), max_norm2);
  model.bias_ = w.back();
  for (const auto& [term, f] : index) {
    if (w[f] != 0) model.weights_.emplace(term, w[f] * idf_of[f]);
  }

  model.labels_ = readable_stems(db, liked_docs);
  Xapian::Enquire enquire(db);
  // Bo1 weighs how often the liked papers use a term against how common it is; the default
  // scheme ignores frequency within them and favours any rare word one of them happens to use.
  enquire.set_expansion_scheme("bo1");
  Xapian::RSet rset;
  for (Xapian::docid d : liked_docs) rset.add_document(d);
  TopicWords decider(db);
  Xapian::ESet eset = enquire.get_eset(kExpansionTerms, rset, &decider);
  for (auto t = eset.begin(); t != eset.end(); ++t)
    model.expansion_.push_back({*t, readable_term(*t, model.labels_), t.get_weight()});
  return model;
}

double FeedbackModel::score(const TermVector& paper) const {
  if (!trained()) return 0;
  return bias_ + weighted_sum(paper, weights_);
}

std::vector<LearnedTerm> FeedbackModel::top_contributions(const TermVector& paper, size_t n) const {
  std::vector<LearnedTerm> out;
  for (const auto& [term, value] : paper) {
    auto it = weights_.find(term);
    if (it != weights_.end() && it->second > 0)
      out.push_back({term, readable_term(term, labels_), it->second * value});
  }
  std::sort(out.begin(), out.end(),
            [](const LearnedTerm& a, const LearnedTerm& b) { return a.weight > b.weight; });
  if (out.size() > n) out.resize(n);
  return out;
}

std::optional<NearestLiked> FeedbackModel::nearest_liked(Xapian::docid docid,
                                                         const TermVector& tf_idf) const {
  std::optional<NearestLiked> best;
  for (const auto& liked : liked_) {
    if (liked.docid == docid) continue;
    const double sim = dot(tf_idf, liked.vector);
    if (sim > 0 && (!best || sim > best->similarity))
      best = NearestLiked{liked.id, liked.title, sim};
  }
  return best;
}

Xapian::Query FeedbackModel::expansion_query() const {
  std::vector<Xapian::Query> terms;
  for (const auto& t : expansion_) terms.emplace_back(t.term);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace arxiv
