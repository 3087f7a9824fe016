#include "index/profile.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

// toml++ 3.3 asserts on some malformed table headers ("[[#x]]", "[[=") before it reports them
// as parse errors (marzer/tomlplusplus#301). Release builds and the shared library skip that
// assertion and return the error; this makes header-only debug builds do the same.
#define TOML_ASSERT(expr) static_assert(true)
#include <toml++/toml.h>

namespace arxiv {
namespace {

constexpr int kMaxLimit = 1000;
constexpr size_t kMaxNameLength = 64;

// A problem with one field of a profile; `index` points into a list field.
struct FieldIssue {
  std::string field;
  std::string message;
  std::optional<size_t> index;
};

// An error message tied to a line of the source.
struct LineError {
  uint32_t line;
  std::string message;
};
using Problem = std::optional<LineError>;

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string label(const std::string& name, size_t position) {
  if (!name.empty()) return "profile " + in_quotes(name);
  return position == 0 ? "unnamed profile" : "profile #" + std::to_string(position);
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool is_valid_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameLength && name.front() != '-' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

// arXiv categories are an archive, optionally a dot and a subject class: cs.LG, q-bio.NC,
// hep-th, cond-mat.stat-mech, physics.bio-ph.
bool is_category_like(std::string_view category) {
  auto part_ok = [](std::string_view part, bool upper_allowed) {
    return !part.empty() && part.front() != '-' && part.back() != '-' &&
           std::all_of(part.begin(), part.end(), [&](char c) {
             return (c >= 'a' && c <= 'z') || c == '-' || (upper_allowed && c >= 'A' && c <= 'Z');
           });
  };
  const size_t dot = category.find('.');
  if (dot == std::string_view::npos) return part_ok(category, false);
  return part_ok(category.substr(0, dot), false) && part_ok(category.substr(dot + 1), true);
}

std::string limit_message(int64_t limit) {
  return "'limit' must be between 1 and " + std::to_string(kMaxLimit) + " (got " +
         std::to_string(limit) + ")";
}

std::optional<FieldIssue> find_list_issue(const std::string& field,
                                          const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (is_blank(values[i])) return FieldIssue{field, in_quotes(field) + " has an empty entry", i};
    if (field == "categories" && !is_category_like(values[i]))
      return FieldIssue{field,
                        "'categories' entry " + in_quotes(values[i]) +
                            " is not an arXiv category such as 'cs.LG'",
                        i};
  }
  return std::nullopt;
}

std::optional<FieldIssue> find_issue(const Profile& profile) {
  if (profile.name.empty()) return FieldIssue{"name", "'name' is missing", {}};
  if (!is_valid_name(profile.name))
    return FieldIssue{
        "name",
        "'name' must be 1 to 64 lowercase letters, digits or '-', not starting with '-'",
        {}};
  if (is_blank(profile.query) && profile.authors.empty())
    return FieldIssue{"query", "'query' is empty and there are no 'authors' to follow", {}};
  for (const auto& [field, values] :
       {std::pair{"must_have", &profile.must_have}, std::pair{"must_not", &profile.must_not},
        std::pair{"categories", &profile.categories}, std::pair{"authors", &profile.authors}}) {
    if (auto issue = find_list_issue(field, *values)) return issue;
  }
  if (profile.limit < 1 || profile.limit > kMaxLimit)
    return FieldIssue{"limit", limit_message(profile.limit), {}};
  if (!std::isfinite(profile.min_score) || profile.min_score < 0)
    return FieldIssue{"min_score", "'min_score' must be a finite number >= 0", {}};
  return std::nullopt;
}

uint32_t line_of(const toml::node& node) { return node.source().begin.line; }

Problem type_error(const toml::node& node, std::string_view field, std::string_view what) {
  return LineError{line_of(node), in_quotes(field) + " must be " + std::string(what)};
}

Problem read_value(const toml::node& node, std::string_view field, std::string& out) {
  const auto* value = node.as_string();
  if (value == nullptr) return type_error(node, field, "a string");
  out = value->get();
  return std::nullopt;
}

Problem read_value(const toml::node& node, std::string_view field, std::vector<std::string>& out) {
  const auto* array = node.as_array();
  if (array == nullptr) return type_error(node, field, "an array of strings");
  for (const toml::node& element : *array) {
    const auto* value = element.as_string();
    if (value == nullptr) return type_error(element, field, "an array of strings");
    out.push_back(value->get());
  }
  return std::nullopt;
}

Problem read_value(const toml::node& node, std::string_view field, bool& out) {
  const auto* value = node.as_boolean();
  if (value == nullptr) return type_error(node, field, "true or false");
  out = value->get();
  return std::nullopt;
}

Problem read_value(const toml::node& node, std::string_view field, int& out) {
  const auto* value = node.as_integer();
  if (value == nullptr) return type_error(node, field, "an integer");
  // Checked here, before narrowing an int64 to int.
  if (value->get() < 1 || value->get() > kMaxLimit)
    return LineError{line_of(node), limit_message(value->get())};
  out = static_cast<int>(value->get());
  return std::nullopt;
}

// An integer is accepted too: "min_score = 1" is what people write.
Problem read_value(const toml::node& node, std::string_view field, double& out) {
  if (const auto* value = node.as_floating_point()) {
    out = value->get();
  } else if (const auto* integer = node.as_integer()) {
    out = static_cast<double>(integer->get());
  } else {
    return type_error(node, field, "a number");
  }
  return std::nullopt;
}

using Member = std::variant<std::string Profile::*, std::vector<std::string> Profile::*,
                            bool Profile::*, int Profile::*, double Profile::*>;
const std::array<std::pair<std::string_view, Member>, 11> kFields = {{
    {"name", &Profile::name},
    {"title", &Profile::title},
    {"description", &Profile::description},
    {"query", &Profile::query},
    {"must_have", &Profile::must_have},
    {"must_not", &Profile::must_not},
    {"categories", &Profile::categories},
    {"categories_only", &Profile::categories_only},
    {"authors", &Profile::authors},
    {"limit", &Profile::limit},
    {"min_score", &Profile::min_score},
}};

// Reads one [[profile]] table; `position` counts profiles from 1 for messages.
Problem parse_profile_table(const toml::table& table, size_t position, Profile& out) {
  out = Profile{};
  if (const auto* name = table.get_as<std::string>("name")) out.name = name->get();
  const std::string where = label(out.name, position);
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [key, node] : table) entries.emplace_back(&key, &node);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return std::pair{x.line, x.column} < std::pair{y.line, y.column};
  });
  // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
  for (const auto& entry : entries) {
    const toml::key* key = entry.first;
    const toml::node* node = entry.second;
    const auto field = std::find_if(kFields.begin(), kFields.end(),
                                    [&](const auto& f) { return f.first == key->str(); });
    if (field == kFields.end())
      return LineError{key->source().begin.line,
                       "unknown key " + in_quotes(key->str()) + " in " + where};
    const auto read = [&](auto member) { return read_value(*node, field->first, out.*member); };
    if (Problem problem = std::visit(read, field->second)) {
      problem->message = where + ": " + problem->message;
      return problem;
    }
  }
  if (auto issue = find_issue(out)) {
    uint32_t line = table.source().begin.line;
    if (const toml::node* node = table.get(issue->field)) {
      const toml::array* array = node->as_array();
      line = issue->index && array ? line_of(*array->get(*issue->index)) : line_of(*node);
    }
    return LineError{line, where + ": " + issue->message};
  }
  return std::nullopt;
}

}  // namespace

Status validate_profile(const Profile& profile) {
  if (auto issue = find_issue(profile))
    return Error::invalid_input(label(profile.name, 0) + ": " + issue->message);
  return {};
}

Result<std::vector<Profile>> parse_profiles(std::string_view toml_text,
                                            std::string_view source_name) {
  auto error_at = [&](uint32_t line, const std::string& message) {
    return Error::invalid_input(std::string(source_name) + ":" + std::to_string(line) + ": " +
                                message);
  };
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return error_at(e.source().begin.line, "TOML syntax error at column " +
                                               std::to_string(e.source().begin.column) + ": " +
                                               std::string(e.description()));
  }
  for (const auto& [key, node] : root) {
    if (key.str() != "profile")
      return error_at(key.source().begin.line, "unknown top-level key " + in_quotes(key.str()) +
                                                   " (each profile is a [[profile]] table)");
  }
  std::vector<Profile> profiles;
  const toml::node* list = root.get("profile");
  if (list == nullptr) return profiles;
  const toml::array* array = list->as_array();
  if (array == nullptr)
    return error_at(line_of(*list), "'profile' must be an array of [[profile]] tables");
  std::map<std::string, uint32_t> first_line;
  for (const toml::node& element : *array) {
    const toml::table* table = element.as_table();
    if (table == nullptr)
      return error_at(line_of(element), "'profile' must be an array of [[profile]] tables");
    Profile profile;
    if (Problem problem = parse_profile_table(*table, profiles.size() + 1, profile))
      return error_at(problem->line, problem->message);
    const uint32_t line = line_of(*table->get("name"));
    const auto [previous, inserted] = first_line.emplace(profile.name, line);
    if (!inserted)
      return error_at(line, "duplicate profile name " + in_quotes(profile.name) +
                                " (first used on line " + std::to_string(previous->second) + ")");
    profiles.push_back(std::move(profile));
  }
  return profiles;
}

Result<const Profile*> find_profile(const std::vector<Profile>& profiles, const std::string& name) {
  std::string names;
  for (const auto& p : profiles) {
    if (p.name == name) return &p;
    names += (names.empty() ? "" : ", ") + p.name;
  }
  return Error::invalid_input("no profile named '" + name + "' (profiles: " + names + ")");
}

}  // namespace arxiv
