#include "index/document_builder.h"

#include "fetcher/paper_json.h"
#include "index/plural_stemmer.h"
#include "index/schema.h"

namespace arxiv {

namespace {

// A category or author name long enough to exceed Xapian's term limit (malformed metadata) loses
// its filter term, rather than failing the paper and with it the whole import.
void add_filter_term(Xapian::Document& doc, const std::string& term) {
  if (term.size() <= schema::kMaxTermBytes) doc.add_boolean_term(term);
}

}  // namespace

DocumentBuilder::DocumentBuilder() {
  generator_.set_stemmer(plural_stemmer());
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

Xapian::Document DocumentBuilder::build(const Paper& paper) {
  Xapian::Document doc;
  generator_.set_document(doc);
  generator_.set_termpos(0);
  const std::string title_prefix(schema::kTitle);
  const std::string author_prefix(schema::kAuthor);
  generator_.index_text(paper.title, 1, title_prefix);
  // A gap in positions keeps phrases from matching across fields.
  generator_.increase_termpos();
  generator_.index_text(paper.title, schema::kTitleWdf);
  generator_.increase_termpos();
  generator_.index_text(paper.abstract);
  for (const auto& author : paper.authors) {
    generator_.increase_termpos();
    generator_.index_text(author, 1, author_prefix);
    std::string key = schema::author_key(author);
    if (!key.empty()) add_filter_term(doc, schema::prefixed(schema::kAuthorKey, key));
  }
  for (const auto& category : paper.categories) {
    add_filter_term(doc, schema::prefixed(schema::kCategory, category));
  }
  if (!paper.categories.empty()) doc.add_value(schema::kSlotPrimary, paper.categories.front());
  for (const auto& a : paper.announcements) {
    doc.add_boolean_term(schema::prefixed(schema::kDay, schema::compact_day(a.day)));
    if (a.type != AnnounceType::kUnknown)
      doc.add_boolean_term(schema::prefixed(schema::kAnnounceType, announce_type_name(a.type)));
  }
  if (!paper.announcements.empty())
    doc.add_value(schema::kSlotDay, schema::compact_day(paper.announced()));
  doc.add_boolean_term(schema::prefixed(schema::kId, paper.id));
  doc.set_data(paper_to_json(paper).dump());
  return doc;
}

}  // namespace arxiv
