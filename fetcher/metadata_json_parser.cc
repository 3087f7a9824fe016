#include "fetcher/metadata_json_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fetcher/text.h"

namespace arxiv {

namespace {

using nlohmann::json;

enum class Subjects { kNone, kOptional, kRequired };

struct Archive {
  std::string_view name;
  Subjects subjects;
};

// Every arXiv archive, current and retired. astro-ph and cond-mat were used bare before their
// subject classes existed, so both forms occur in old records.
constexpr std::array<Archive, 38> kArchives = {{
    {"astro-ph", Subjects::kOptional}, {"cond-mat", Subjects::kOptional},
    {"cs", Subjects::kRequired},       {"econ", Subjects::kRequired},
    {"eess", Subjects::kRequired},     {"math", Subjects::kRequired},
    {"nlin", Subjects::kRequired},     {"physics", Subjects::kRequired},
    {"q-bio", Subjects::kRequired},    {"q-fin", Subjects::kRequired},
    {"stat", Subjects::kRequired},     {"gr-qc", Subjects::kNone},
    {"hep-ex", Subjects::kNone},       {"hep-lat", Subjects::kNone},
    {"hep-ph", Subjects::kNone},       {"hep-th", Subjects::kNone},
    {"math-ph", Subjects::kNone},      {"nucl-ex", Subjects::kNone},
    {"nucl-th", Subjects::kNone},      {"quant-ph", Subjects::kNone},
    {"acc-phys", Subjects::kNone},     {"adap-org", Subjects::kNone},
    {"alg-geom", Subjects::kNone},     {"ao-sci", Subjects::kNone},
    {"atom-ph", Subjects::kNone},      {"bayes-an", Subjects::kNone},
    {"chao-dyn", Subjects::kNone},     {"chem-ph", Subjects::kNone},
    {"cmp-lg", Subjects::kNone},       {"comp-gas", Subjects::kNone},
    {"dg-ga", Subjects::kNone},        {"funct-an", Subjects::kNone},
    {"mtrl-th", Subjects::kNone},      {"patt-sol", Subjects::kNone},
    {"plasm-ph", Subjects::kNone},     {"q-alg", Subjects::kNone},
    {"solv-int", Subjects::kNone},     {"supr-con", Subjects::kNone},
}};

bool is_subject_class(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalpha(c) || c == '-'; });
}

// The daily dumps mix ACM classes ("I.2.7"), MSC codes ("68T50") and free text into the category
// list. Matching the archive against arXiv's closed list, rather than a lower-case pattern, also
// rejects look-alikes such as "na".
bool is_arxiv_category(std::string_view s) {
  const size_t dot = s.find('.');
  const std::string_view archive = s.substr(0, dot);
  for (const Archive& a : kArchives) {
    if (a.name != archive) continue;
    if (dot == std::string_view::npos) return a.subjects != Subjects::kRequired;
    return a.subjects != Subjects::kNone && is_subject_class(s.substr(dot + 1));
  }
  return false;
}

// Appends the arXiv categories found in `text`, which may join several codes with spaces, commas
// or semicolons ("cs.CV, cs.MM").
void add_categories(std::string_view text, std::vector<std::string>& out) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t end = text.find_first_of(" \t\r\n,;", i);
    const std::string_view token = text.substr(i, end == std::string_view::npos ? end : end - i);
    if (is_arxiv_category(token) && std::find(out.begin(), out.end(), token) == out.end())
      out.emplace_back(token);
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
}

// Reads typed fields of one record; `where` names the record in error messages.
class Fields {
 public:
  Fields(const json& object, std::string where) : object_(object), where_(std::move(where)) {}

  const std::string& where() const { return where_; }

  // nullptr when the field is absent or null.
  const json* find(const char* key) const {
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  Error wrong_type(std::string_view field, const json& value, const char* expected) const {
    return Error::invalid_input(where_ + ": field \"" + std::string(field) + "\" is " +
                                value.type_name() + ", expected " + expected);
  }

  Result<std::string> raw_string(const char* key) const {
    const json* value = find(key);
    if (value == nullptr) return std::string();
    if (!value->is_string()) return wrong_type(key, *value, "a string");
    return value->get<std::string>();
  }

  Result<std::string> text(const char* key) const {
    auto raw = raw_string(key);
    if (!raw.ok()) return raw.error();
    return clean_text(*raw);
  }

  // An array field; an empty array when absent or null.
  Result<const json*> array(const char* key) const {
    static const json kEmpty = json::array();
    const json* value = find(key);
    if (value == nullptr) return &kEmpty;
    if (!value->is_array()) return wrong_type(key, *value, "an array");
    return value;
  }

 private:
  const json& object_;
  std::string where_;
};

Status read_common(const Fields& f, const char* abstract_key, const char* comments_key, Paper& p) {
  for (auto [key, field] : {std::pair{"title", &p.title}, std::pair{abstract_key, &p.abstract},
                            std::pair{comments_key, &p.comments}}) {
    auto value = f.text(key);
    if (!value.ok()) return value.error();
    *field = std::move(value).value();
  }
  return {};
}

// "First Last Suffix" from one authors_parsed entry [last, first, suffix, affiliation...].
Result<std::string> parsed_author_name(const Fields& f, const json& entry, size_t index) {
  const std::string field = "authors_parsed[" + std::to_string(index) + "]";
  if (!entry.is_array() || entry.empty()) return f.wrong_type(field, entry, "a non-empty array");
  std::string parts[3];
  for (size_t i = 0; i < 3 && i < entry.size(); ++i) {
    if (entry[i].is_null()) continue;
    if (!entry[i].is_string())
      return f.wrong_type(field + "[" + std::to_string(i) + "]", entry[i], "a string");
    parts[i] = entry[i].get<std::string>();
  }
  return clean_text(parts[1] + " " + parts[0] + " " + parts[2]);
}

Status read_kaggle(const Fields& f, Paper& p) {
  if (Status s = read_common(f, "abstract", "comments", p); !s.ok()) return s;
  for (auto [key, field] : {std::pair{"journal-ref", &p.journal_ref}, std::pair{"doi", &p.doi},
                            std::pair{"license", &p.license}}) {
    auto value = f.text(key);
    if (!value.ok()) return value.error();
    *field = std::move(value).value();
  }

  auto parsed = f.array("authors_parsed");
  if (!parsed.ok()) return parsed.error();
  for (size_t i = 0; i < (*parsed)->size(); ++i) {
    auto name = parsed_author_name(f, (**parsed)[i], i);
    if (!name.ok()) return name.error();
    if (!name->empty()) p.authors.push_back(std::move(name).value());
  }
  if (p.authors.empty()) {
    auto authors = f.raw_string("authors");
    if (!authors.ok()) return authors.error();
    p.authors = split_authors(*authors);
  }

  auto categories = f.raw_string("categories");
  if (!categories.ok()) return categories.error();
  add_categories(*categories, p.categories);

  auto versions = f.array("versions");
  if (!versions.ok()) return versions.error();
  if ((*versions)->empty()) return {};
  const size_t ends[2] = {0, (*versions)->size() - 1};
  std::string days[2];
  for (size_t k = 0; k < 2; ++k) {
    const json& v = (**versions)[ends[k]];
    const std::string field = "versions[" + std::to_string(ends[k]) + "]";
    if (!v.is_object()) return f.wrong_type(field, v, "an object");
    Fields version(v, f.where() + " " + field);
    auto created = version.raw_string("created");
    if (!created.ok()) return created.error();
    auto day = rfc822_day(*created);
    if (!day.ok())
      return Error::invalid_input(version.where() + ": field \"created\": " + day.error().message);
    days[k] = std::move(day).value();
  }
  p.version = static_cast<int>((*versions)->size());
  p.submitted = std::move(days[0]);
  p.updated = std::move(days[1]);
  return {};
}

Status read_daily(const Fields& f, Paper& p) {
  if (Status s = read_common(f, "summary", "comment", p); !s.ok()) return s;
  auto authors = f.array("authors");
  if (!authors.ok()) return authors.error();
  for (size_t i = 0; i < (*authors)->size(); ++i) {
    const json& a = (**authors)[i];
    if (!a.is_string()) return f.wrong_type("authors[" + std::to_string(i) + "]", a, "a string");
    std::string name = clean_text(a.get<std::string>());
    if (!name.empty()) p.authors.push_back(std::move(name));
  }
  auto categories = f.array("categories");
  if (!categories.ok()) return categories.error();
  for (size_t i = 0; i < (*categories)->size(); ++i) {
    const json& c = (**categories)[i];
    if (!c.is_string()) return f.wrong_type("categories[" + std::to_string(i) + "]", c, "a string");
    add_categories(c.get<std::string>(), p.categories);
  }
  return {};
}

// "parse error at line 1, column 9: syntax error ..." from nlohmann's message, without its
// "[json.exception...]" tag and its "last read" quote, which for a cut string is the rest of the
// line and may hold invalid UTF-8 that would break whoever prints the message as JSON.
std::string parse_error_reason(std::string_view what) {
  if (what.rfind("[json.exception.", 0) == 0) {
    if (size_t tag_end = what.find("] "); tag_end != std::string_view::npos)
      what.remove_prefix(tag_end + 2);
  }
  return std::string(what.substr(0, what.find("; last read")));
}

bool has_any(const json& object, std::initializer_list<const char*> keys) {
  return std::any_of(keys.begin(), keys.end(), [&](const char* k) { return object.contains(k); });
}

}  // namespace

Result<Paper> parse_metadata_json_line(std::string_view line) {
  if (line.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Error::invalid_input("metadata line is empty");
  json object;
  try {
    object = json::parse(line.begin(), line.end());
  } catch (const json::exception& e) {
    return Error::invalid_input("metadata line is not valid JSON: " + parse_error_reason(e.what()));
  }
  if (!object.is_object())
    return Error::invalid_input(std::string("metadata line is a JSON ") + object.type_name() +
                                ", expected an object");

  Fields line_fields(object, "metadata line");
  const json* id_value = line_fields.find("id");
  if (id_value == nullptr) return Error::invalid_input("metadata line has no \"id\" field");
  if (!id_value->is_string()) return line_fields.wrong_type("id", *id_value, "a string");
  auto id = parse_arxiv_id(id_value->get_ref<const std::string&>());
  if (!id.ok()) return Error::invalid_input("metadata line: field \"id\": " + id.error().message);

  Paper p;
  p.id = id->base;
  p.version = id->version;
  Fields fields(object, "metadata record " + p.id);
  Status status;
  if (has_any(object, {"versions", "authors_parsed", "abstract", "update_date", "submitter"})) {
    status = read_kaggle(fields, p);
  } else if (has_any(object, {"summary", "pdf", "abs"})) {
    status = read_daily(fields, p);
  } else {
    return Error::invalid_input(
        fields.where() +
        ": neither a Kaggle snapshot record (no \"versions\" or "
        "\"abstract\") nor a daily digest record (no \"summary\" or \"abs\")");
  }
  if (!status.ok()) return status.error();
  return p;
}

}  // namespace arxiv
