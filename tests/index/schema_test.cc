#include "index/schema.h"

#include <doctest/doctest.h>

namespace arxiv::schema {

TEST_CASE("a multi-letter prefix gets a colon before a capitalised value, as QueryParser does") {
  struct Case {
    std::string_view prefix, value, term;
  } cases[] = {
      {"XC", "cs.LG", "XCcs.LG"},     {"XC", "I.2.7", "XC:I.2.7"},
      {"XC", ":odd", "XC::odd"},      {"Q", "2401.01234", "Q2401.01234"},
      {"D", "20250318", "D20250318"}, {"S", "Neural", "SNeural"},
  };
  for (const auto& c : cases) CHECK(prefixed(c.prefix, c.value) == c.term);
}

TEST_CASE("days convert between the ISO and the compact form") {
  CHECK(compact_day("2025-03-18") == "20250318");
  CHECK(iso_from_compact("20250318") == "2025-03-18");
}

TEST_CASE("an author key ignores middle names, case, LaTeX accents and suffixes") {
  struct Case {
    std::string_view name, key;
  } cases[] = {
      {"Geoffrey Hinton", "hinton_g"},
      {"Geoffrey E. Hinton", "hinton_g"},
      {"GEOFFREY HINTON", "hinton_g"},
      {"Bal\\'azs Szegedy", "szegedy_b"},
      {"J. R. R. Tolkien Jr.", "tolkien_j"},
      {"Jean-Luc Godard", "godard_j"},
      {"Plato", "plato"},
      {"  ", ""},
  };
  for (const auto& c : cases) CHECK_MESSAGE(author_key(c.name) == c.key, c.name);
  CHECK(author_key("Yoshua Bengio") != author_key("Samy Bengio"));
}

}  // namespace arxiv::schema
