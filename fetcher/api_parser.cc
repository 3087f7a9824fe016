#include "fetcher/api_parser.h"

#include <charconv>
#include <optional>
#include <pugixml.hpp>
#include <string>

#include "fetcher/text.h"
#include "fetcher/xml_util.h"

namespace arxiv {

namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kArxivNs = "http://arxiv.org/schemas/atom";
constexpr std::string_view kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";
constexpr std::string_view kErrorIdMarker = "arxiv.org/api/errors";

// arXiv's prefixes are not fixed (the old format declares them inline on each element, the new
// one on <feed>), so elements are matched by resolving their prefix against the in-scope xmlns
// declarations.
bool is_element(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && xml::local_name(node) == local &&
         xml::namespace_uri(node) == ns;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  for (pugi::xml_node c : parent.children()) {
    if (is_element(c, ns, local)) return c;
  }
  return {};
}

// child_value() stops at the first text node, which would drop text after a CDATA section.
std::string raw_text(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

std::string child_text(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  return clean_text(raw_text(child(parent, ns, local)));
}

Result<long> opensearch_number(pugi::xml_node feed, std::string_view local) {
  pugi::xml_node node = child(feed, kOpenSearchNs, local);
  const std::string where = "arXiv API feed: opensearch:" + std::string(local);
  if (!node) return Error::invalid_input(where + " is missing");
  const std::string text = normalize_whitespace(raw_text(node));
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0)
    return Error::invalid_input(where + " is not a non-negative number: '" + text.substr(0, 40) +
                                "'");
  return value;
}

// The day of an optional date element; "" when the element is absent.
Result<std::string> entry_day(pugi::xml_node entry, std::string_view local,
                              const std::string& where) {
  pugi::xml_node node = child(entry, kAtomNs, local);
  if (!node) return std::string();
  auto day = iso_day(raw_text(node));
  if (!day.ok())
    return Error::invalid_input(where + ": <" + std::string(local) + ">: " + day.error().message);
  return day;
}

void add_category(std::vector<std::string>& categories, std::string term) {
  if (term.empty()) return;
  for (const auto& c : categories) {
    if (c == term) return;
  }
  categories.push_back(std::move(term));
}

Result<Paper> parse_entry(pugi::xml_node entry, size_t index) {
  const std::string raw_id = normalize_whitespace(raw_text(child(entry, kAtomNs, "id")));
  const std::string where = "arXiv API entry " + std::to_string(index) +
                            (raw_id.empty() ? std::string() : " (" + raw_id.substr(0, 80) + ")");
  if (raw_id.empty()) return Error::invalid_input(where + ": missing or empty <id>");
  auto id = parse_arxiv_id(raw_id);
  if (!id.ok()) return Error::invalid_input(where + ": <id>: " + id.error().message);

  Paper paper;
  paper.id = id->base;
  paper.version = id->version;
  paper.title = child_text(entry, kAtomNs, "title");
  paper.abstract = child_text(entry, kAtomNs, "summary");
  for (pugi::xml_node c : entry.children()) {
    if (!is_element(c, kAtomNs, "author")) continue;
    std::string name = child_text(c, kAtomNs, "name");
    if (!name.empty()) paper.authors.push_back(std::move(name));
  }
  if (pugi::xml_node primary = child(entry, kArxivNs, "primary_category"))
    add_category(paper.categories, normalize_whitespace(primary.attribute("term").value()));
  for (pugi::xml_node c : entry.children()) {
    if (is_element(c, kAtomNs, "category"))
      add_category(paper.categories, normalize_whitespace(c.attribute("term").value()));
  }
  paper.comments = child_text(entry, kArxivNs, "comment");
  paper.journal_ref = child_text(entry, kArxivNs, "journal_ref");
  paper.doi = child_text(entry, kArxivNs, "doi");

  auto submitted = entry_day(entry, "published", where);
  if (!submitted.ok()) return submitted.error();
  paper.submitted = std::move(submitted).value();
  auto updated = entry_day(entry, "updated", where);
  if (!updated.ok()) return updated.error();
  paper.updated = std::move(updated).value();
  return paper;
}

// arXiv reports a bad query as a feed whose single entry has an .../api/errors#<reason> id.
std::optional<Error> api_error(pugi::xml_node entry) {
  const std::string id = normalize_whitespace(raw_text(child(entry, kAtomNs, "id")));
  if (id.find(kErrorIdMarker) == std::string::npos) return std::nullopt;
  std::string message = child_text(entry, kAtomNs, "summary");
  if (message.empty()) message = "arXiv API error " + id;
  Error error = Error::invalid_input(std::move(message));
  if (size_t hash = id.find('#'); hash != std::string::npos) error.reason = id.substr(hash + 1);
  return error;
}

}  // namespace

Result<ApiPage> parse_api_response(std::string_view bytes) {
  // Fragment mode keeps text outside the root element, which pugixml otherwise drops silently, so
  // that a JSON wrapper or junk around a feed is caught below.
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(
      bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_fragment | pugi::parse_doctype);
  const std::string malformed = "arXiv API response is not well-formed XML: ";
  if (!parsed)
    return Error::invalid_input(malformed + parsed.description() + " at byte " +
                                std::to_string(parsed.offset));
  if (Status s = xml::refuse_doctype(doc, "arXiv API response"); !s.ok()) return s.error();
  size_t top_level_elements = 0;
  for (pugi::xml_node n : doc.children()) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata)
      return Error::invalid_input(malformed + "text outside the root element");
    if (n.type() == pugi::node_element) ++top_level_elements;
  }
  if (top_level_elements != 1)
    return Error::invalid_input(malformed + std::to_string(top_level_elements) + " root elements");
  const pugi::xml_node feed = doc.document_element();
  if (!is_element(feed, kAtomNs, "feed"))
    return Error::invalid_input("not an arXiv API feed: root element is <" +
                                std::string(feed.name()) + "> in namespace '" +
                                std::string(xml::namespace_uri(feed)) + "', expected Atom <feed>");

  for (pugi::xml_node c : feed.children()) {
    if (!is_element(c, kAtomNs, "entry")) continue;
    if (auto error = api_error(c)) return *error;
  }

  ApiPage page;
  auto total = opensearch_number(feed, "totalResults");
  if (!total.ok()) return total.error();
  page.total_results = *total;
  auto start = opensearch_number(feed, "startIndex");
  if (!start.ok()) return start.error();
  page.start_index = *start;
  auto per_page = opensearch_number(feed, "itemsPerPage");
  if (!per_page.ok()) return per_page.error();
  page.items_per_page = *per_page;

  size_t index = 0;
  for (pugi::xml_node c : feed.children()) {
    if (!is_element(c, kAtomNs, "entry")) continue;
    auto paper = parse_entry(c, ++index);
    if (!paper.ok()) return paper.error();
    page.papers.push_back(std::move(paper).value());
  }
  return page;
}

}  // namespace arxiv
