// The index's stemmer: folds English plurals onto their singular and nothing else
// ("networks" -> "network", "studies" -> "study", "processes" -> "process"), so that
// "compositional" stays apart from "composition" and "identifiable" from "identify".
// It is also cheaper to index than Porter's stems plus unstemmed words: each word gives one term.
// Pure; thread-safe.
#pragma once

#include <xapian.h>

#include <string>

namespace arxiv {

// The singular form of `word` (lower-case UTF-8); other words are returned unchanged.
std::string singular(const std::string& word);

// A Xapian::Stem applying singular(); the same object must index and parse queries.
Xapian::Stem plural_stemmer();

}  // namespace arxiv
