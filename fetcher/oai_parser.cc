#include "fetcher/oai_parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <exception>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "fetcher/oai_metadata.h"
#include "fetcher/text.h"
#include "fetcher/xml_util.h"

namespace arxiv {

namespace {

using xml::child;
using xml::children;
using xml::is_element;
using xml::local_name;
using xml::raw_text;
using xml::read_day;

constexpr std::array<std::string_view, 6> kVerbs = {
    "ListRecords", "GetRecord", "ListIdentifiers", "Identify", "ListSets", "ListMetadataFormats"};

Error with_context(const std::string& where, const Error& e) {
  Error out = e;
  out.message = where + ": " + e.message;
  return out;
}

Result<long> parse_count(const char* attr, std::string_view text) {
  std::string s = normalize_whitespace(text);
  long value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < 0)
    return Error::invalid_input(std::string("resumptionToken ") + attr + " '" + s.substr(0, 40) +
                                "' is not a non-negative number");
  return value;
}

Error oai_error(const std::vector<pugi::xml_node>& errors) {
  const std::string code = normalize_whitespace(errors.front().attribute("code").value());
  std::string message = "OAI-PMH error";
  for (size_t i = 0; i < errors.size(); ++i) {
    std::string each_code = normalize_whitespace(errors[i].attribute("code").value());
    message += (i == 0 ? " " : "; ") + (each_code.empty() ? "(no code)" : each_code) + ": " +
               clean_text(raw_text(errors[i]));
  }
  Error e = code == "noRecordsMatch" || code == "idDoesNotExist" ? Error::not_found(message)
                                                                 : Error::invalid_input(message);
  e.reason = code;
  return e;
}

Result<OaiHeader> parse_header(pugi::xml_node h) {
  OaiHeader out;
  out.identifier = normalize_whitespace(raw_text(child(h, "identifier")));
  if (out.identifier.empty()) return Error::invalid_input("header has no identifier");
  Result<ArxivId> id = parse_arxiv_id(out.identifier);
  if (!id.ok()) return Error::invalid_input("header identifier: " + id.error().message);
  out.id = id->base;
  if (Status s = read_day("header datestamp", child(h, "datestamp"), false, out.datestamp); !s.ok())
    return s.error();
  if (out.datestamp.empty())
    return Error::invalid_input("header " + out.identifier + " has no datestamp");
  for (pugi::xml_node s : children(h, "setSpec")) {
    std::string spec = normalize_whitespace(raw_text(s));
    if (!spec.empty()) out.sets.push_back(spec);
  }
  out.deleted = normalize_whitespace(h.attribute("status").value()) == "deleted";
  return out;
}

Status parse_record(pugi::xml_node record, size_t number, OaiPage& page) {
  std::string where = "record " + std::to_string(number);
  pugi::xml_node header = child(record, "header");
  if (!header) return Error::invalid_input(where + " has no <header>");
  Result<OaiHeader> h = parse_header(header);
  if (!h.ok()) return with_context(where, h.error());
  where += " (" + h->identifier + ")";
  page.headers.push_back(*h);
  if (h->deleted) return {};
  pugi::xml_node payload = child(record, "metadata").find_child(is_element);
  if (!payload) return Error::invalid_input(where + " is not deleted but has no <metadata>");
  Result<OaiMetadata> metadata = parse_oai_metadata(payload, h->id);
  if (!metadata.ok()) return with_context(where, metadata.error());
  if (page.metadata_prefix.empty()) page.metadata_prefix = metadata->prefix;
  page.papers.push_back(std::move(metadata->paper));
  return {};
}

Status parse_resumption_token(pugi::xml_node token, OaiPage& page) {
  page.resumption_token = normalize_whitespace(raw_text(token));
  for (auto [attr, field] : {std::pair{"cursor", &page.cursor},
                             std::pair{"completeListSize", &page.complete_list_size}}) {
    pugi::xml_attribute a = token.attribute(attr);
    if (!a) continue;
    Result<long> n = parse_count(attr, a.value());
    if (!n.ok()) return n.error();
    *field = *n;
  }
  return {};
}

// Reads the records, bare headers (ListIdentifiers) and resumptionToken under the verb element;
// Identify, ListSets and ListMetadataFormats have none of them and yield an empty page.
Status parse_verb_element(pugi::xml_node verb, OaiPage& page) {
  size_t records = 0;
  for (pugi::xml_node c : verb.children()) {
    if (!is_element(c)) continue;
    std::string_view name = local_name(c);
    if (name == "record") {
      if (Status s = parse_record(c, ++records, page); !s.ok()) return s;
    } else if (name == "header") {
      Result<OaiHeader> h = parse_header(c);
      if (!h.ok())
        return with_context("header " + std::to_string(page.headers.size() + 1), h.error());
      page.headers.push_back(*h);
    } else if (name == "resumptionToken") {
      if (Status s = parse_resumption_token(c, page); !s.ok()) return s;
    }
  }
  return {};
}

Result<OaiPage> parse_envelope(pugi::xml_node root) {
  OaiPage page;
  page.response_date = normalize_whitespace(raw_text(child(root, "responseDate")));
  pugi::xml_node request = child(root, "request");
  page.verb = normalize_whitespace(request.attribute("verb").value());
  page.metadata_prefix = normalize_whitespace(request.attribute("metadataPrefix").value());
  if (std::vector<pugi::xml_node> errors = children(root, "error"); !errors.empty())
    return oai_error(errors);
  pugi::xml_node verb = root.find_child([](pugi::xml_node c) {
    return is_element(c) && std::find(kVerbs.begin(), kVerbs.end(), local_name(c)) != kVerbs.end();
  });
  if (!verb)
    return Error::invalid_input(
        "OAI-PMH response has neither an <error> nor a verb element such as <ListRecords>");
  if (page.verb.empty()) page.verb = local_name(verb);
  if (Status s = parse_verb_element(verb, page); !s.ok()) return s.error();
  return page;
}

Result<OaiPage> parse_document(std::string_view bytes) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_doctype);
  if (!parsed)
    return Error::invalid_input("malformed OAI-PMH XML at byte " + std::to_string(parsed.offset) +
                                ": " + parsed.description());
  if (Status s = xml::refuse_doctype(doc, "OAI-PMH response"); !s.ok()) return s.error();
  pugi::xml_node root = doc.document_element();
  std::string_view name = local_name(root);
  if (name == "OAI-PMH") return parse_envelope(root);
  // export.arxiv.org has answered with a bare <error> root, and bulk dumps keep only
  // <ListRecords>.
  if (name == "error") return oai_error({root});
  if (name == "ListRecords") {
    OaiPage page;
    if (Status s = parse_verb_element(root, page); !s.ok()) return s.error();
    return page;
  }
  return Error::invalid_input("not an OAI-PMH document: the root element is <" +
                              std::string(root.name()) + ">");
}

}  // namespace

Result<OaiPage> parse_oai_response(std::string_view bytes) {
  try {
    return parse_document(bytes);
  } catch (const std::exception& e) {
    return Error::internal(std::string("OAI-PMH parser failed: ") + e.what());
  }
}

}  // namespace arxiv
