#include "index/query_builder.h"

#include <algorithm>
#include <cctype>

#include "index/plural_stemmer.h"
#include "index/schema.h"

namespace arxiv {

namespace {

// Bonuses in BM25 weight units: a category prior nudges, a followed author wins outright.
constexpr double kCategoryBonus = 1.5;
constexpr double kFollowedAuthorBonus = 50.0;

// Common English function words: dropped from search text (phrases keep them).
constexpr const char* kStopWords[] = {
    "a",     "about", "an",   "and", "are", "as",  "at",   "be",   "by",    "for",  "from",
    "how",   "in",    "into", "is",  "it",  "its", "of",   "on",   "or",    "that", "the",
    "their", "this",  "to",   "via", "was", "we",  "what", "when", "which", "with", "without"};

Xapian::Query bonus_for(const std::vector<std::string>& terms, double bonus) {
  Xapian::Query any(Xapian::Query::OP_OR, terms.begin(), terms.end());
  Xapian::Query fixed((new Xapian::FixedWeightPostingSource(bonus))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, fixed, any);
}

bool is_positional(Xapian::Query::op op) {
  return op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR;
}

}  // namespace

void parse_as_indexed(Xapian::QueryParser& parser) {
  parser.set_stemmer(plural_stemmer());
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  parser.add_prefix("title", std::string(schema::kTitle));
  parser.add_prefix("author", std::string(schema::kAuthor));
  parser.add_boolean_prefix("cat", std::string(schema::kCategory));
}

QueryBuilder::QueryBuilder() {
  for (const char* w : kStopWords) stopper_.add(w);
  parse_as_indexed(parser_);
  parser_.set_default_op(Xapian::Query::OP_OR);
}

Result<Xapian::Query> QueryBuilder::parse(const std::string& text, const std::string& what,
                                          unsigned flags, const std::string& default_prefix) {
  try {
    Xapian::Query q = parser_.parse_query(text, flags, default_prefix);
    // The parser forgets its unstem map at the next parse, so keep it.
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
      auto u = parser_.unstem_begin(*t);
      if (u != parser_.unstem_end(*t)) unstem_.emplace(*t, *u);
    }
    return q;
  } catch (const Xapian::QueryParserError& e) {
    return Error::invalid_input(what + ": " + e.get_msg());
  }
}

std::vector<QueryUnit> QueryBuilder::units_of(const Xapian::Query& query) {
  std::vector<QueryUnit> units;
  // The title form is the same text parsed with the title prefix as default.
  auto label_of = [&](const std::string& term) {
    auto it = unstem_.find(term);
    if (it != unstem_.end()) return it->second;
    return term[0] == 'Z' ? term.substr(1) : term;
  };
  auto to_title_term = [](const std::string& term) {
    if (term.empty()) return term;
    if (term[0] == 'Z') return "Z" + std::string(schema::kTitle) + term.substr(1);
    if (std::islower(static_cast<unsigned char>(term[0])) ||
        static_cast<unsigned char>(term[0]) >= 0x80)
      return std::string(schema::kTitle) + term;
    return std::string();  // already field-specific
  };
  // The same words can appear twice ("mixture of experts" and mixture-of-experts parse to one
  // phrase): one reason is enough.
  auto has_label = [&](const std::string& label) {
    return std::any_of(units.begin(), units.end(),
                       [&](const QueryUnit& u) { return u.label == label; });
  };
  auto visit = [&](auto&& self, const Xapian::Query& q) -> void {
    const auto op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
      const std::string term = *q.get_terms_begin();
      // Boolean filter terms (cat:) say nothing about why a paper matched.
      if (term.rfind(schema::kCategory, 0) == 0) return;
      QueryUnit u;
      u.label = label_of(term);
      u.query = q;
      std::string title_term = to_title_term(term);
      u.title_query = title_term.empty() ? q : Xapian::Query(title_term);
      if (!has_label(u.label)) units.push_back(std::move(u));
      return;
    }
    if (is_positional(op)) {
      QueryUnit u;
      std::vector<std::string> words, title_terms;
      for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
        words.push_back(label_of(*t));
        title_terms.push_back(to_title_term(*t));
      }
      std::string joined;
      for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
      u.label = "\"" + joined + "\"";
      u.query = q;
      const bool all_title = std::none_of(title_terms.begin(), title_terms.end(),
                                          [](const std::string& t) { return t.empty(); });
      u.title_query =
          all_title ? Xapian::Query(op, title_terms.begin(), title_terms.end(), title_terms.size())
                    : q;
      if (!has_label(u.label)) units.push_back(std::move(u));
      return;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); ++i) self(self, q.get_subquery(i));
  };
  visit(visit, query);
  return units;
}

Result<BuiltQuery> QueryBuilder::profile_query(const Profile& profile) {
  const std::string what = "profile '" + profile.name + "'";
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT;
  BuiltQuery built;
  Xapian::Query q;
  if (!profile.query.empty()) {
    auto text = parse(profile.query, what + " query", flags);
    if (!text.ok()) return text.error();
    built.units = units_of(text.value());
    q = text.value();
  }
  if (!profile.categories.empty()) {
    std::vector<std::string> cats;
    for (const auto& c : profile.categories) cats.push_back(schema::prefixed(schema::kCategory, c));
    if (profile.categories_only) {
      q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                        Xapian::Query(Xapian::Query::OP_OR, cats.begin(), cats.end()));
    } else if (!q.empty()) {
      q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, bonus_for(cats, kCategoryBonus));
    }
  }
  for (const auto& a : profile.authors) {
    std::string key = schema::author_key(a);
    if (!key.empty()) built.author_terms.push_back(schema::prefixed(schema::kAuthorKey, key));
  }
  if (!built.author_terms.empty())
    q = Xapian::Query(Xapian::Query::OP_OR, q, bonus_for(built.author_terms, kFollowedAuthorBonus));
  for (const auto& must : profile.must_have) {
    auto m = parse(must, what + " must_have '" + must + "'", flags);
    if (!m.ok()) return m.error();
    built.required.push_back(m.value());
  }
  for (const auto& bad : profile.must_not) {
    auto m = parse(bad, what + " must_not '" + bad + "'", flags);
    if (!m.ok()) return m.error();
    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, m.value());
  }
  built.query = q;
  return built;
}

Result<BuiltQuery> QueryBuilder::plain_query(const Profile& profile) {
  BuiltQuery built;
  if (profile.query.empty()) return built;
  auto q = parse(profile.query, "profile '" + profile.name + "' query",
                 Xapian::QueryParser::FLAG_DEFAULT);
  if (!q.ok()) return q.error();
  built.units = units_of(q.value());
  built.query = q.value();
  return built;
}

Result<BuiltQuery> QueryBuilder::text_query(const std::string& text) {
  parser_.set_stopper(&stopper_);
  parser_.set_default_op(Xapian::Query::OP_AND);
  auto q = parse(text, "search text", Xapian::QueryParser::FLAG_DEFAULT);
  parser_.set_stopper(nullptr);
  parser_.set_default_op(Xapian::Query::OP_OR);
  if (!q.ok()) return q.error();
  BuiltQuery built;
  built.units = units_of(q.value());
  built.query = q.value();
  return built;
}

}  // namespace arxiv
