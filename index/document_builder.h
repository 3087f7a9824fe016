// Turns a Paper into the Xapian document the index stores (schema in index/schema.h).
// Not thread-safe: one DocumentBuilder per thread (it owns a TermGenerator).
#pragma once

#include <xapian.h>

#include "fetcher/paper.h"

namespace arxiv {

class DocumentBuilder {
 public:
  DocumentBuilder();
  // The document for `paper`: title, abstract and authors as text with positions and English
  // stems, categories, days, announce types and the id as boolean terms, the first announcement
  // day and primary category as values, and the paper's JSON as data.
  Xapian::Document build(const Paper& paper);

 private:
  Xapian::TermGenerator generator_;
};

}  // namespace arxiv
