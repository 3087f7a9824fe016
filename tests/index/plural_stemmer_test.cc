#include "index/plural_stemmer.h"

#include <doctest/doctest.h>

#include <string>

namespace arxiv {

TEST_CASE("plurals are folded onto their singular and every other word is left as written") {
  struct Case {
    const char* word;
    const char* expected;
  };
  const Case cases[] = {
      {"networks", "network"},
      {"architectures", "architecture"},
      {"studies", "study"},
      {"processes", "process"},
      {"representations", "representation"},
      {"compositional", "compositional"},  // not "composit": photo composition stays apart
      {"composition", "composition"},
      {"identifiable", "identifiable"},
      {"disentangled", "disentangled"},
      {"learning", "learning"},
      {"corpus", "corpus"},
      {"loss", "loss"},
      {"analysis", "analysis"},
      {"series", "series"},
      {"gas", "gas"},
      {"its", "its"},
      {"moes", "moe"},
      {"cnns", "cnn"},
      {"species", "species"},
      {"3ds", "3ds"},
      {"", ""},
      {"s", "s"},
  };
  for (const Case& c : cases) {
    const std::string word = c.word;
    CAPTURE(word);
    CHECK(singular(word) == c.expected);
  }
}

TEST_CASE("the Xapian stemmer gives the same forms as singular()") {
  Xapian::Stem stem = plural_stemmer();
  CHECK(stem("transformers") == "transformer");
  CHECK(stem("theories") == "theory");
  CHECK(stem("compositionality") == "compositionality");
  CHECK(stem.get_description() == "Xapian::Stem(plural)");
}

}  // namespace arxiv
