#include "tests/fetcher/api_fixtures.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fetcher/text.h"
#include "tests/support/test_data.h"

namespace arxiv::testing::api {

namespace fs = std::filesystem;

namespace {

// Rewrites the body of every <tag>…</tag> with `respace`.
template <typename F>
std::string map_element_text(std::string doc, const std::string& tag, F respace) {
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  for (size_t at = doc.find(open); at != std::string::npos; at = doc.find(open, at + 1)) {
    const size_t begin = at + open.size(), end = doc.find(close, begin);
    REQUIRE(end != std::string::npos);
    doc.replace(begin, end - begin, respace(doc.substr(begin, end - begin)));
  }
  return doc;
}

// Breaks one-line text near every 70 columns with `joint`, as the old API wrapped it.
std::string wrap(std::string text, const std::string& joint) {
  for (size_t at = text.find(' ', 70); at != std::string::npos; at = text.find(' ', at + 70))
    text.replace(at, 1, joint);
  return text;
}

constexpr const char* kNewFeedTag =
    "<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" "
    "xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">";
constexpr const char* kOldFeedTag = "<feed xmlns=\"http://www.w3.org/2005/Atom\">";
const std::string kOldDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
const std::string kNewDecl = "<?xml version='1.0' encoding='UTF-8'?>";

// Removes the whole line holding `needle` from `doc` and returns it.
std::string take_line(std::string& doc, const std::string& needle) {
  const size_t at = doc.find(needle);
  REQUIRE(at != std::string::npos);
  const size_t begin = doc.rfind('\n', at) + 1, end = doc.find('\n', at) + 1;
  std::string line = doc.substr(begin, end - begin);
  doc.erase(begin, end - begin);
  return line;
}

// Inserts `line` before the line holding `anchor`.
void put_line_before(std::string& doc, const std::string& anchor, const std::string& line) {
  const size_t at = doc.find(anchor);
  REQUIRE(at != std::string::npos);
  doc.insert(doc.rfind('\n', at) + 1, line);
}

// Declares `prefix` on every element that uses it, as the old API did.
void declare_inline(std::string& doc, const std::string& prefix, const std::string& uri) {
  const std::string open = "<" + prefix + ":";
  for (size_t at = doc.find(open); at != std::string::npos; at = doc.find(open, at + 1))
    doc.insert(doc.find_first_of(" />", at), " xmlns:" + prefix + "=\"" + uri + "\"");
}

constexpr const char* kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";
constexpr const char* kArxivNs = "http://arxiv.org/schemas/atom";

}  // namespace

fs::path atom_dir() { return shared_data() / "fixtures" / "atom"; }

fs::path golden(const std::string& prefix) {
  for (const auto& p : files_under(atom_dir() / "arxivpy-2026", ".body.xml")) {
    if (p.filename().string().rfind(prefix, 0) == 0) return p;
  }
  FAIL("no golden file " << prefix);
  return {};
}

ApiPage parse_ok(const std::string& bytes, const std::string& what) {
  auto page = parse_api_response(bytes);
  REQUIRE_MESSAGE(page.ok(), what << ": " << page.error().message);
  return std::move(page).value();
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string to_new_format(std::string doc) {
  replace_all(doc, kOldDecl, kNewDecl);
  replace_all(doc, std::string(" xmlns:opensearch=\"") + kOpenSearchNs + "\"", "");
  replace_all(doc, std::string(" xmlns:arxiv=\"") + kArxivNs + "\"", "");
  replace_all(doc, kOldFeedTag, kNewFeedTag);
  put_line_before(doc, "<opensearch:totalResults>", take_line(doc, "<opensearch:itemsPerPage>"));
  std::string primary = take_line(doc, "<arxiv:primary_category");
  replace_all(primary, std::string(" scheme=\"") + kArxivNs + "\"", "");
  put_line_before(doc, "</entry>", primary);
  doc = map_element_text(doc, "title", normalize_whitespace);
  return map_element_text(doc, "summary", normalize_whitespace);
}

std::string to_old_format(std::string doc) {
  replace_all(doc, kNewDecl, kOldDecl);
  replace_all(doc, kNewFeedTag, kOldFeedTag);
  declare_inline(doc, "opensearch", kOpenSearchNs);
  declare_inline(doc, "arxiv", kArxivNs);
  doc = map_element_text(doc, "summary", [](const std::string& s) {
    return "  " + wrap(normalize_whitespace(s), "\n") + "\n";
  });
  return map_element_text(
      doc, "title", [](const std::string& s) { return wrap(normalize_whitespace(s), "\n  "); });
}

std::string counts(const std::string& per_page, const std::string& total, const std::string& start,
                   const std::string& prefix) {
  auto element = [&prefix](const std::string& name, const std::string& value) {
    return "<" + prefix + name + ">" + value + "</" + prefix + name + ">";
  };
  return element("itemsPerPage", per_page) + element("totalResults", total) +
         element("startIndex", start);
}

std::string feed(const std::string& entries, const std::string& opensearch) {
  return std::string("<?xml version='1.0' encoding='UTF-8'?>") + kNewFeedTag + opensearch +
         entries + "</feed>";
}

std::string entry(const std::string& body) { return "<entry>" + body + "</entry>"; }

std::string fields(const Paper& p) {
  std::string out = "id=" + p.id + "; version=" + std::to_string(p.version);
  auto add = [&out](const char* name, const std::string& value) {
    if (!value.empty()) out += std::string("; ") + name + "=" + value;
  };
  auto join = [](const std::vector<std::string>& items) {
    std::string joined;
    for (const auto& item : items) joined += (joined.empty() ? "" : "|") + item;
    return joined;
  };
  add("title", p.title);
  add("abstract", p.abstract);
  add("authors", join(p.authors));
  add("categories", join(p.categories));
  add("comments", p.comments);
  add("journal_ref", p.journal_ref);
  add("doi", p.doi);
  add("submitted", p.submitted);
  add("updated", p.updated);
  return out;
}

}  // namespace arxiv::testing::api
