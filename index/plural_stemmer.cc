#include "index/plural_stemmer.h"

#include <string_view>

namespace arxiv {

namespace {

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Close to Harman's S-stemmer ("How effective is suffixing?", JASIS 1991) with Porter's "sses"
// rule; the first matching rule wins. Words in -us, -ss and -is (corpus, loss, analysis) are
// singular. Short words are left alone: "gas", "has", "its" are not plurals worth folding.
class PluralStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override { return singular(word); }
  std::string get_description() const override { return "plural"; }
};

}  // namespace

std::string singular(const std::string& word) {
  if (word.size() < 4 || word.back() != 's') return word;
  if (word == "series" || word == "species") return word;
  if (ends_with(word, "ies") && !ends_with(word, "eies") && !ends_with(word, "aies"))
    return word.substr(0, word.size() - 3) + "y";
  if (ends_with(word, "sses")) return word.substr(0, word.size() - 2);
  if (ends_with(word, "us") || ends_with(word, "ss") || ends_with(word, "is")) return word;
  return word.substr(0, word.size() - 1);
}

Xapian::Stem plural_stemmer() { return Xapian::Stem(new PluralStemmer()); }

}  // namespace arxiv
