#include "index/term_vectors.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "fetcher/paper_json.h"
#include "index/plural_stemmer.h"
#include "index/schema.h"

namespace arxiv {

namespace {

void normalise(TermVector& v) {
  double norm = 0;
  for (const auto& [term, value] : v) norm += value * value;
  norm = std::sqrt(norm);
  if (norm == 0) return;
  for (auto& [term, value] : v) value /= norm;
}

// Boolean terms (categories) have wdf 0: they count once.
double log_tf(Xapian::termcount wdf) { return 1 + std::log(std::max<double>(1, wdf)); }

}  // namespace

TermVectors::TermVectors(const Xapian::Database& db)
    : db_(db), doc_count_(std::max<double>(1, db.get_doccount())) {}

bool is_feature_term(const std::string& term) {
  if (term.size() < 2) return false;
  // Stemmed words of all text fields; author words ("ZA...") and title-only stems ("ZS...")
  // would count the same word twice.
  if (term[0] == 'Z') return !std::isupper(static_cast<unsigned char>(term[1]));
  return term.rfind(schema::kCategory, 0) == 0;
}

double TermVectors::idf(const std::string& term) {
  auto it = idf_.find(term);
  if (it != idf_.end()) return it->second;
  const double df = std::max<double>(1, db_.get_termfreq(term));
  return idf_.emplace(term, std::max(0.0, std::log(doc_count_ / df))).first->second;
}

const TermVector& TermVectors::of(Xapian::docid docid) {
  auto cached = cache_.find(docid);
  if (cached != cache_.end()) return cached->second;
  TermVector v;
  // Termlists are sorted: jump to the two feature prefixes instead of reading every term.
  for (const std::string& prefix : {std::string(schema::kCategory), std::string("Z")}) {
    auto t = db_.termlist_begin(docid);
    for (t.skip_to(prefix); t != db_.termlist_end(docid); ++t) {
      const std::string term = *t;
      if (term.rfind(prefix, 0) != 0) break;
      if (is_feature_term(term)) v.emplace_back(term, log_tf(t.get_wdf()));
    }
  }
  std::sort(v.begin(), v.end());
  normalise(v);
  return cache_.emplace(docid, std::move(v)).first->second;
}

TermVector TermVectors::tf_idf(const TermVector& v) {
  TermVector out;
  for (const auto& [term, value] : v) {
    const double weighted = value * idf(term);
    if (weighted > 0) out.emplace_back(term, weighted);
  }
  normalise(out);
  return out;
}

const TermVector& TermVectors::tf_idf_of_text(const std::string& text) {
  auto cached = texts_.find(text);
  if (cached != texts_.end()) return cached->second;
  Xapian::TermGenerator generator;
  generator.set_stemmer(plural_stemmer());
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text(text);
  TermVector v;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if (is_feature_term(*t)) v.emplace_back(*t, log_tf(t.get_wdf()));
  }
  return texts_.emplace(text, tf_idf(v)).first->second;
}

Xapian::docid TermVectors::docid_of(const std::string& arxiv_id) const {
  const std::string term = schema::prefixed(schema::kId, arxiv_id);
  auto it = db_.postlist_begin(term);
  return it == db_.postlist_end(term) ? 0 : *it;
}

std::unordered_map<std::string, std::string> readable_stems(
    const Xapian::Database& db, const std::vector<Xapian::docid>& docs) {
  const Xapian::Stem stem = plural_stemmer();
  struct Form {
    std::string word;
    Xapian::termcount wdf = 0;
  };
  std::unordered_map<std::string, Form> best;
  // The index keeps only stems, so the words come from the stored text, split as indexing does.
  Xapian::TermGenerator words;
  words.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  for (Xapian::docid d : docs) {
    const auto json = nlohmann::json::parse(db.get_document(d).get_data(), nullptr, false);
    if (json.is_discarded()) continue;
    auto paper = paper_from_json(json);
    if (!paper.ok()) continue;
    Xapian::Document text;
    words.set_document(text);
    words.index_text_without_positions(paper.value().title);
    words.index_text_without_positions(paper.value().abstract);
    for (auto t = text.termlist_begin(); t != text.termlist_end(); ++t) {
      const std::string word = *t;
      Form& form = best["Z" + stem(word)];
      if (t.get_wdf() > form.wdf) form = {word, t.get_wdf()};
    }
  }
  std::unordered_map<std::string, std::string> out;
  for (auto& [z, form] : best) out.emplace(z, std::move(form.word));
  return out;
}

std::string readable_term(const std::string& term,
                          const std::unordered_map<std::string, std::string>& words) {
  if (term.rfind(schema::kCategory, 0) == 0)
    return "category " + term.substr(schema::kCategory.size());
  auto it = words.find(term);
  if (it != words.end()) return it->second;
  return term[0] == 'Z' ? term.substr(1) : term;
}

double weighted_sum(const TermVector& v, const WeightedTerms& weights) {
  double sum = 0;
  for (const auto& [term, value] : v) {
    auto it = weights.find(term);
    if (it != weights.end()) sum += value * it->second;
  }
  return sum;
}

double dot(const TermVector& a, const TermVector& b) {
  double sum = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      sum += i->second * j->second;
      ++i;
      ++j;
    }
  }
  return sum;
}

}  // namespace arxiv
