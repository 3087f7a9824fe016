#include "index/facets.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "index/schema.h"

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

std::vector<FacetCount> listed(const std::map<std::string, size_t>& counts) {
  std::vector<FacetCount> out;
  for (const auto& [name, count] : counts) out.push_back({name, count});
  return out;
}

}  // namespace

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  // Term lists are sorted, so each prefix is one run reached by skip_to.
  Xapian::TermIterator end = doc.termlist_end();
  Xapian::TermIterator it = doc.termlist_begin();
  std::set<std::string> years;
  for (it.skip_to(std::string(schema::kDay)); it != end && starts_with(*it, schema::kDay); ++it) {
    const std::string day = value_of(*it, schema::kDay);
    // Only the day terms themselves: "D" + eight digits.
    if (day.size() != 8 ||
        !std::all_of(day.begin(), day.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
      continue;
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
  Facets out{listed(categories_), listed(days_), listed(years_)};
  std::stable_sort(out.categories.begin(), out.categories.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  return out;
}

}  // namespace arxiv
