#include "tests/bench/profiles_1000.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace arxiv::bench {

std::vector<std::string> query_units(const std::string& query) {
  std::vector<std::string> units;
  std::string unit;
  bool quoted = false;
  for (char c : query) {
    if (c == '"') quoted = !quoted;
    if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
      if (!unit.empty()) units.push_back(std::move(unit));
      unit.clear();
    } else {
      unit += c;
    }
  }
  if (!unit.empty()) units.push_back(std::move(unit));
  return units;
}

std::vector<Profile> profile_variants(size_t n) {
  const auto& defaults = default_profiles();
  const size_t kinds = defaults.size();
  std::vector<std::vector<std::string>> units;
  for (const auto& p : defaults) units.push_back(query_units(p.query));
  std::vector<Profile> out;
  for (size_t i = 0; i < n; ++i) {
    const size_t base = i % kinds;
    const size_t other = (base + 1 + (i / kinds) % (kinds - 1)) % kinds;
    Profile p = defaults[base];
    char name[32];
    std::snprintf(name, sizeof name, "v%04zu-", i);
    p.name = name + defaults[base].name;
    p.title += " (variant " + std::to_string(i) + ")";
    std::string query;
    for (size_t j = 0; j < units[base].size(); ++j) {
      if ((j + i) % 3 != 0) query += units[base][j] + " ";
    }
    for (size_t m = 0; m < 3; ++m)
      query += units[other][(i / kinds + 7 * m) % units[other].size()] + " ";
    query.pop_back();
    p.query = query;
    if (i % 2 == 1) {
      for (const auto& c : defaults[other].categories) {
        if (std::find(p.categories.begin(), p.categories.end(), c) == p.categories.end())
          p.categories.push_back(c);
      }
    }
    p.limit = 5 + static_cast<int>(i % 4) * 5;
    p.min_score = defaults[base].min_score * (0.75 + 0.125 * static_cast<double>(i % 5));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace arxiv::bench
