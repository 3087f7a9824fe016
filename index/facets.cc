#include "index/facets.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "index/schema.h"
#include "index/xapian_error.h"

namespace arxiv {

namespace {

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// prefixed() puts a ':' between a multi-letter prefix and a value starting with a capital letter.
std::string value_of(const std::string& term, std::string_view prefix) {
  std::string value = term.substr(prefix.size());
  if (prefix.size() > 1 && !value.empty() && value.front() == ':') value.erase(0, 1);
  return value;
}

// Only the day terms themselves: "D" + eight digits.
bool is_compact_day(const std::string& day) {
  return day.size() == 8 &&
         std::all_of(day.begin(), day.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::vector<FacetCount> listed(const std::map<std::string, size_t>& counts) {
  std::vector<FacetCount> out;
  for (const auto& [name, count] : counts) out.push_back({name, count});
  return out;
}

void most_first(std::vector<FacetCount>& categories) {
  std::stable_sort(categories.begin(), categories.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
}

std::string revision_of(const Xapian::Database& db) {
  return db.get_uuid() + ":" + std::to_string(db.get_revision());
}

}  // namespace

FacetTable::FacetTable(const Xapian::Database& db) : revision_(revision_of(db)) {
  std::vector<std::pair<Xapian::docid, uint32_t>> postings;
  auto read = [&](std::string_view prefix, Kind kind) {
    const std::string p(prefix);
    for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
      const std::string value = value_of(*t, prefix);
      Value v{kind, value, 0};
      if (kind == Kind::kDay) {
        if (!is_compact_day(value)) continue;
        // Terms come sorted, so days (and their years) come oldest first.
        if (years_.empty() || years_.back() != value.substr(0, 4))
          years_.push_back(value.substr(0, 4));
        v.name = schema::iso_from_compact(value);
        v.year = static_cast<uint32_t>(years_.size() - 1);
      }
      const auto at = static_cast<uint32_t>(values_.size());
      values_.push_back(std::move(v));
      for (auto d = db.postlist_begin(*t); d != db.postlist_end(*t); ++d)
        postings.emplace_back(*d, at);
    }
  };
  read(schema::kDay, Kind::kDay);
  read(schema::kCategory, Kind::kCategory);
  std::sort(postings.begin(), postings.end());
  starts_.assign(static_cast<size_t>(db.get_lastdocid()) + 2, 0);
  for (const auto& [docid, value] : postings) ++starts_[docid + 1];
  for (size_t d = 1; d < starts_.size(); ++d) starts_[d] += starts_[d - 1];
  of_doc_.reserve(postings.size());
  for (const auto& [docid, value] : postings) of_doc_.push_back(value);
}

Result<std::shared_ptr<const FacetTable>> FacetTables::of(PaperReader& reader) {
  return guard("counting facets", [&]() -> Result<std::shared_ptr<const FacetTable>> {
    const Xapian::Database& db = reader.database();
    // Held while building, so a new revision is read once, not by every request that sees it.
    std::lock_guard<std::mutex> lock(mutex_);
    if (!latest_ || latest_->revision() != revision_of(db))
      latest_ = std::make_shared<const FacetTable>(db);
    return latest_;
  });
}

FacetSpy::FacetSpy(std::shared_ptr<const FacetTable> table)
    : table_(std::move(table)),
      value_counts_(table_->values_.size(), 0),
      year_counts_(table_->years_.size(), 0) {}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  if (!table_) return count_terms(doc);
  const Xapian::docid d = doc.get_docid();
  if (static_cast<size_t>(d) + 1 >= table_->starts_.size()) return;
  // A paper's values come in table order, days oldest first, so its years come in order too.
  uint32_t last_year = UINT32_MAX;
  for (uint32_t i = table_->starts_[d]; i < table_->starts_[d + 1]; ++i) {
    const uint32_t v = table_->of_doc_[i];
    ++value_counts_[v];
    const FacetTable::Value& value = table_->values_[v];
    if (value.kind != FacetTable::Kind::kDay || value.year == last_year) continue;
    last_year = value.year;
    ++year_counts_[value.year];
  }
}

void FacetSpy::count_terms(const Xapian::Document& doc) {
  // Term lists are sorted, so each prefix is one run reached by skip_to.
  Xapian::TermIterator end = doc.termlist_end();
  Xapian::TermIterator it = doc.termlist_begin();
  std::set<std::string> years;
  for (it.skip_to(std::string(schema::kDay)); it != end && starts_with(*it, schema::kDay); ++it) {
    const std::string day = value_of(*it, schema::kDay);
    if (!is_compact_day(day)) continue;
    ++days_[schema::iso_from_compact(day)];
    years.insert(day.substr(0, 4));
  }
  for (const auto& y : years) ++years_[y];
  if (it == end) return;
  for (it.skip_to(std::string(schema::kCategory)); it != end && starts_with(*it, schema::kCategory);
       ++it)
    ++categories_[value_of(*it, schema::kCategory)];
}

Facets FacetSpy::facets() const {
  if (!table_) {
    Facets out{listed(categories_), listed(days_), listed(years_)};
    most_first(out.categories);
    return out;
  }
  Facets out;
  std::map<std::string, size_t> categories;
  for (size_t v = 0; v < value_counts_.size(); ++v) {
    if (value_counts_[v] == 0) continue;
    const FacetTable::Value& value = table_->values_[v];
    if (value.kind == FacetTable::Kind::kDay)
      out.days.push_back({value.name, value_counts_[v]});
    else
      categories[value.name] += value_counts_[v];
  }
  out.categories = listed(categories);
  most_first(out.categories);
  for (size_t y = 0; y < year_counts_.size(); ++y) {
    if (year_counts_[y] > 0) out.years.push_back({table_->years_[y], year_counts_[y]});
  }
  return out;
}

}  // namespace arxiv
