#include "index/profile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <utility>
#include <variant>

// toml++ 3.3 asserts on some malformed table headers ("[[#x]]", "[[=") before it reports them
// as parse errors (marzer/tomlplusplus#301). Release builds and the shared library skip that
// assertion and return the error; this makes header-only debug builds do the same.
#define TOML_ASSERT(expr) static_assert(true)
#include <toml++/toml.h>

#include "fetcher/source_file.h"

namespace arxiv {
namespace {

constexpr char kFileName[] = "profiles.toml";
constexpr int kMaxLimit = 1000;
constexpr size_t kMaxNameLength = 64;
// Lines longer than this are wrapped (strings) or split one item per line (arrays).
constexpr size_t kLineWidth = 96;

constexpr char kHeader[] =
    R"(# arxiv-triage interest profiles: one [[profile]] table per research interest.
#
#   name             identifier: lowercase letters, digits and '-', unique in this file
#   title            human-readable title
#   description      the interest in the researcher's words
#   query            what ranks papers (Xapian query syntax): words, "phrases", OR, AND, NOT;
#                    title:word searches titles, author:name authors, cat:cs.LG categories;
#                    words are stemmed unless capitalised (NAS matches only "NAS")
#   must_have        words or "phrases" a paper must all contain
#   must_not         words or "phrases" that drop a paper
#   categories       arXiv categories that boost a paper, e.g. "cs.LG"
#   categories_only  true: only papers in those categories are kept
#   authors          followed authors, always surfaced: "Geoffrey Hinton"
#   limit            papers per digest, 1 to 1000
#   min_score        papers scoring below this are left out of the digest, >= 0
)";

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
  for (const auto& [key, node] : entries) {
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

// TOML control characters must be escaped; the rest of UTF-8 is written as is.
void append_escaped(std::string& out, char c, bool multiline) {
  static constexpr std::string_view kSpecial = "\\\"\b\t\f\r\n";
  static constexpr std::array<std::string_view, 7> kEscape = {"\\\\", "\\\"", "\\b", "\\t",
                                                              "\\f",  "\\r",  "\\n"};
  if (const size_t at = kSpecial.find(c);
      at != std::string_view::npos && !(multiline && c == '\n')) {
    out += kEscape[at];
  } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
  } else {
    out += c;
  }
}

// A basic "string" as usual; a literal 'string' when that avoids escaping, so queries full of
// "phrases" stay readable.
std::string inline_string(std::string_view text) {
  auto needs_escape = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; };
  const bool plain = std::none_of(text.begin(), text.end(),
                                  [&](char c) { return c == '"' || c == '\\' || needs_escape(c); });
  const bool literal =
      std::none_of(text.begin(), text.end(), [&](char c) { return c == '\'' || needs_escape(c); });
  if (!plain && literal) return in_quotes(text);
  std::string out = "\"";
  for (char c : text) append_escaped(out, c, false);
  return out + "\"";
}

// A """multi-line""" string wrapped with line-ending backslashes, which TOML removes together
// with the newline and the next line's leading whitespace. It breaks only after a space that is
// followed by a non-blank character, so no content is trimmed away; the opening newline is
// dropped by TOML and the closing delimiter follows a line-ending backslash.
std::string multiline_string(std::string_view text) {
  std::string out = "\"\"\"\n";
  size_t column = 0;
  int quotes = 0;  // consecutive unescaped '"' just written; a third would close the string
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool next_blank = i + 1 == text.size() || std::strchr(" \t\r\n", text[i + 1]) != nullptr;
    const size_t next_word = text.substr(i + 1).find_first_of(" \n");
    const size_t word_length =
        next_word == std::string_view::npos ? text.size() - i - 1 : next_word;
    // Room for the space, the next word and " \" within the line width.
    if (c == ' ' && !next_blank && column > 0 && column + word_length + 3 > kLineWidth) {
      out += " \\\n";
      column = 0;
      quotes = 0;
      continue;
    }
    const size_t before = out.size();
    if (c == '"' && quotes < 2) {
      out += '"';
      ++quotes;
    } else {
      append_escaped(out, c, true);
      quotes = 0;
    }
    column = c == '\n' ? 0 : column + (out.size() - before);
  }
  return out + "\\\n\"\"\"";
}

void append_string(std::string& out, std::string_view key, std::string_view value) {
  std::string line = std::string(key) + " = " + inline_string(value);
  const bool fits = line.size() <= kLineWidth && value.find('\n') == std::string_view::npos;
  out += fits ? line : std::string(key) + " = " + multiline_string(value);
  out += '\n';
}

void append_strings(std::string& out, std::string_view key,
                    const std::vector<std::string>& values) {
  std::string line = std::string(key) + " = [";
  for (size_t i = 0; i < values.size(); ++i) line += (i ? ", " : "") + inline_string(values[i]);
  line += "]\n";
  if (line.size() <= kLineWidth + 1) {
    out += line;
    return;
  }
  out += std::string(key) + " = [\n";
  for (const std::string& value : values) out += "  " + inline_string(value) + ",\n";
  out += "]\n";
}

// The shortest text that reads back as the same double, with a '.0' when it would otherwise
// read as a TOML integer.
std::string format_double(double value) {
  std::array<char, 64> buffer;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  std::string text(buffer.data(), result.ptr);
  if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";
  return text;
}

Error errno_error(const std::string& what, const std::filesystem::path& path) {
  return Error::unavailable(what + " " + path.string() + ": " + std::strerror(errno));
}

Status write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return errno_error("cannot write", path);
    data.remove_prefix(static_cast<size_t>(written));
  }
  return {};
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

std::string format_profiles(const std::vector<Profile>& profiles) {
  std::string out = kHeader;
  for (const Profile& profile : profiles) {
    out += "\n[[profile]]\n";
    append_string(out, "name", profile.name);
    append_string(out, "title", profile.title);
    append_string(out, "description", profile.description);
    append_string(out, "query", profile.query);
    append_strings(out, "must_have", profile.must_have);
    append_strings(out, "must_not", profile.must_not);
    append_strings(out, "categories", profile.categories);
    out += std::string("categories_only = ") + (profile.categories_only ? "true" : "false") + "\n";
    append_strings(out, "authors", profile.authors);
    out += "limit = " + std::to_string(profile.limit) + "\n";
    out += "min_score = " + format_double(profile.min_score) + "\n";
  }
  return out;
}

Result<std::vector<Profile>> load_or_create_profiles(const std::filesystem::path& data_dir) {
  const std::filesystem::path path = data_dir / kFileName;
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (error) return Error::unavailable("cannot check " + path.string() + ": " + error.message());
  if (!exists) {
    if (Status saved = save_profiles(data_dir, default_profiles()); !saved) return saved.error();
  }
  Result<std::string> text = read_source_file(path.string());
  if (!text) return Error::unavailable("cannot read profiles: " + text.error().message);
  return parse_profiles(*text, path.string());
}

Status save_profiles(const std::filesystem::path& data_dir, const std::vector<Profile>& profiles) {
  std::map<std::string_view, bool> seen;
  for (const Profile& profile : profiles) {
    if (Status valid = validate_profile(profile); !valid) return valid;
    if (seen[profile.name])
      return Error::invalid_input("duplicate profile name " + in_quotes(profile.name));
    seen[profile.name] = true;
  }
  const std::string text = format_profiles(profiles);
  // Text that is not UTF-8 cannot be TOML; reading the text back also guarantees that
  // load_or_create_profiles will accept what is saved.
  if (auto reread = parse_profiles(text, kFileName); !reread)
    return Error::invalid_input("cannot save profiles: " + reread.error().message);
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error)
    return Error::unavailable("cannot create " + data_dir.string() + ": " + error.message());

  const std::filesystem::path target = data_dir / kFileName;
  std::string temp = target.string() + ".tmp-XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return errno_error("cannot create a temporary file in", data_dir);
  Status status = write_all(fd, text, temp);
  if (status && ::fchmod(fd, 0644) != 0) status = errno_error("cannot set permissions of", temp);
  // fsync before rename: otherwise a crash can leave the new name pointing at empty data.
  if (status && ::fsync(fd) != 0) status = errno_error("cannot sync", temp);
  if (::close(fd) != 0 && status) status = errno_error("cannot close", temp);
  if (status && ::rename(temp.c_str(), target.c_str()) != 0)
    status = errno_error("cannot replace", target);
  if (!status) {
    ::unlink(temp.c_str());
    return status;
  }
  // Makes the rename itself durable. Best effort: some file systems refuse fsync on a
  // directory, and the new file is already complete and in place.
  if (const int dir = ::open(data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace arxiv
