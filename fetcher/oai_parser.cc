#include "fetcher/oai_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <exception>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "fetcher/text.h"

namespace arxiv {

namespace {

// Archives of arXiv category codes, old ones included, so that an oai_dc subject is only taken
// as a category when it really is one ("quant-ph", "cs.LG"), never a subject name or MSC code.
constexpr std::array<std::string_view, 38> kArchives = {
    "acc-phys", "adap-org", "alg-geom", "ao-sci",   "astro-ph", "atom-ph", "bayes-an", "chao-dyn",
    "chem-ph",  "cmp-lg",   "comp-gas", "cond-mat", "cs",       "dg-ga",   "econ",     "eess",
    "funct-an", "gr-qc",    "hep-ex",   "hep-lat",  "hep-ph",   "hep-th",  "math",     "math-ph",
    "mtrl-th",  "nlin",     "nucl-ex",  "nucl-th",  "patt-sol", "physics", "plasm-ph", "q-alg",
    "q-bio",    "q-fin",    "quant-ph", "solv-int", "stat",     "supr-con"};

constexpr std::array<std::string_view, 6> kVerbs = {
    "ListRecords", "GetRecord", "ListIdentifiers", "Identify", "ListSets", "ListMetadataFormats"};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

std::string_view local_name(pugi::xml_node node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// pugixml does not resolve namespaces, so the declaration of the element's prefix is looked up
// on its ancestors.
std::string namespace_uri(pugi::xml_node node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  std::string attr =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node cur = node; cur; cur = cur.parent()) {
    if (pugi::xml_attribute a = cur.attribute(attr.c_str())) return a.value();
  }
  return "";
}

// Servers vary the scheme, case and trailing slash of the same namespace.
std::string canonical_namespace(std::string_view uri) {
  std::string s = normalize_whitespace(uri);
  for (std::string_view scheme : {"http://", "https://"}) {
    if (starts_with_ci(s, scheme)) s.erase(0, scheme.size());
  }
  while (!s.empty() && s.back() == '/') s.pop_back();
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_element(pugi::xml_node node) { return node.type() == pugi::node_element; }

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
  for (pugi::xml_node c : parent.children()) {
    if (is_element(c) && local_name(c) == name) return c;
  }
  return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : parent.children()) {
    if (is_element(c) && local_name(c) == name) out.push_back(c);
  }
  return out;
}

// All character data under `node`, walked without recursion so that deeply nested garbage
// cannot exhaust the stack.
std::string raw_text(pugi::xml_node node) {
  std::string out;
  pugi::xml_node cur = node.first_child();
  while (cur && cur != node) {
    if (cur.type() == pugi::node_pcdata || cur.type() == pugi::node_cdata) out += cur.value();
    if (cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    while (cur && cur != node && !cur.next_sibling()) cur = cur.parent();
    if (cur && cur != node) cur = cur.next_sibling();
  }
  return out;
}

std::string text_of(pugi::xml_node parent, std::string_view name) {
  return clean_text(raw_text(child(parent, name)));
}

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

// The id written in the metadata must agree with the header's, or the record is inconsistent.
Result<std::string> checked_id(std::string_view written, const std::string& header_id) {
  if (normalize_whitespace(written).empty()) return header_id;
  Result<ArxivId> id = parse_arxiv_id(written);
  if (!id.ok()) return Error::invalid_input("metadata id: " + id.error().message);
  if (id->base != header_id)
    return Error::invalid_input("metadata id " + id->base + " does not match the header's " +
                                header_id);
  return id->base;
}

// Sets `day` from an ISO 8601 or RFC 822 date; an absent date leaves it as it is.
Status read_day(const char* field, pugi::xml_node node, bool rfc822, std::string& day) {
  const std::string text = normalize_whitespace(raw_text(node));
  if (text.empty()) return {};
  Result<std::string> parsed = rfc822 ? rfc822_day(text) : iso_day(text);
  if (!parsed.ok()) return Error::invalid_input(std::string(field) + ": " + parsed.error().message);
  day = *parsed;
  return {};
}

// The non-empty, whitespace-normalised pieces of `text` between separators.
std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(separator, start), text.size());
    std::string part = normalize_whitespace(text.substr(start, end - start));
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}

// Fields named the same way in the arXiv and arXivRaw formats.
Status fill_common_fields(pugi::xml_node m, const std::string& header_id, Paper& p) {
  Result<std::string> id = checked_id(raw_text(child(m, "id")), header_id);
  if (!id.ok()) return id.error();
  p.id = *id;
  p.title = text_of(m, "title");
  p.abstract = text_of(m, "abstract");
  p.categories = split(normalize_whitespace(text_of(m, "categories")), ' ');
  p.comments = text_of(m, "comments");
  p.journal_ref = text_of(m, "journal-ref");
  p.doi = text_of(m, "doi");
  p.license = text_of(m, "license");
  return {};
}

Result<Paper> parse_arxiv(pugi::xml_node m, const std::string& header_id) {
  Paper p;
  if (Status s = fill_common_fields(m, header_id, p); !s.ok()) return s.error();
  for (pugi::xml_node author : children(child(m, "authors"), "author")) {
    std::string name =
        normalize_whitespace(text_of(author, "forenames") + " " + text_of(author, "keyname") + " " +
                             text_of(author, "suffix"));
    if (!name.empty()) p.authors.push_back(name);
  }
  if (Status s = read_day("created", child(m, "created"), false, p.submitted); !s.ok())
    return s.error();
  p.updated = p.submitted;
  if (Status s = read_day("updated", child(m, "updated"), false, p.updated); !s.ok())
    return s.error();
  return p;
}

Result<Paper> parse_arxiv_raw(pugi::xml_node m, const std::string& header_id) {
  Paper p;
  if (Status s = fill_common_fields(m, header_id, p); !s.ok()) return s.error();
  p.authors = split_authors(raw_text(child(m, "authors")));
  std::vector<pugi::xml_node> versions = children(m, "version");
  p.version = static_cast<int>(versions.size());
  if (versions.empty()) return p;
  if (Status s = read_day("first version date", child(versions.front(), "date"), true, p.submitted);
      !s.ok())
    return s.error();
  if (Status s = read_day("last version date", child(versions.back(), "date"), true, p.updated);
      !s.ok())
    return s.error();
  return p;
}

bool is_category_code(std::string_view s) {
  size_t dot = s.find('.');
  std::string_view archive = s.substr(0, dot);
  if (std::find(kArchives.begin(), kArchives.end(), archive) == kArchives.end()) return false;
  if (dot == std::string_view::npos) return true;
  std::string_view subject = s.substr(dot + 1);
  return subject.size() >= 2 && std::all_of(subject.begin(), subject.end(), [](char c) {
           return std::isalpha(static_cast<unsigned char>(c)) || c == '-';
         });
}

// arXiv writes creators as "Keyname, Forenames" or "Keyname, Suffix, Forenames".
std::string dc_author(std::string_view written) {
  std::string all = clean_text(written);
  std::vector<std::string> parts = split(all, ',');
  if (parts.size() == 2) return parts[1] + " " + parts[0];
  if (parts.size() == 3) return parts[2] + " " + parts[0] + " " + parts[1];
  return parts.size() == 1 ? parts[0] : all;
}

std::string strip_label(std::string_view text, std::string_view label) {
  return normalize_whitespace(text.substr(label.size()));
}

Result<Paper> parse_oai_dc(pugi::xml_node m, const std::string& header_id) {
  Paper p;
  std::string written_id;
  p.title = text_of(m, "title");
  for (pugi::xml_node c : children(m, "creator")) {
    std::string name = dc_author(raw_text(c));
    if (!name.empty()) p.authors.push_back(name);
  }
  for (pugi::xml_node s : children(m, "subject")) {
    std::string subject = clean_text(raw_text(s));
    if (is_category_code(subject)) p.categories.push_back(subject);
  }
  for (pugi::xml_node d : children(m, "description")) {
    std::string text = clean_text(raw_text(d));
    if (starts_with_ci(text, "Comment:")) {
      if (p.comments.empty()) p.comments = strip_label(text, "Comment:");
    } else if (p.abstract.empty()) {
      p.abstract = text;
    }
  }
  // The first date is the submission, the last the latest version.
  for (pugi::xml_node d : children(m, "date")) {
    if (Status s = read_day("date", d, false, p.updated); !s.ok()) return s.error();
    if (p.submitted.empty()) p.submitted = p.updated;
  }
  for (pugi::xml_node i : children(m, "identifier")) {
    std::string text = clean_text(raw_text(i));
    const bool url = starts_with_ci(text, "http://") || starts_with_ci(text, "https://");
    if (url && text.find("arxiv.org/abs/") != std::string::npos) {
      if (written_id.empty()) written_id = text;
    } else if (starts_with_ci(text, "doi:") ||
               (url && text.find("doi.org/") != std::string::npos)) {
      // Several DOIs are joined by spaces, as arXivRaw writes them in its one <doi>.
      std::string doi = url ? text.substr(text.find("doi.org/") + 8) : strip_label(text, "doi:");
      p.doi += (p.doi.empty() ? "" : " ") + doi;
    } else if (starts_with_ci(text, "Journal reference:")) {
      if (p.journal_ref.empty()) p.journal_ref = strip_label(text, "Journal reference:");
    } else if (!url && !text.empty() && p.journal_ref.empty()) {
      // arXiv's oai_dc writes the journal reference as a bare identifier.
      p.journal_ref = text;
    }
  }
  std::string rights = text_of(m, "rights");
  if (starts_with_ci(rights, "http")) p.license = rights;
  Result<std::string> id = checked_id(written_id, header_id);
  if (!id.ok()) return id.error();
  p.id = *id;
  return p;
}

struct MetadataFormat {
  const char* prefix;
  std::string_view namespace_key;  // as canonical_namespace() writes it
  std::string_view element;
  Result<Paper> (*parse)(pugi::xml_node, const std::string&);
};

constexpr std::array<MetadataFormat, 3> kFormats = {{
    {"arXiv", "arxiv.org/oai/arxiv", "arXiv", parse_arxiv},
    {"arXivRaw", "arxiv.org/oai/arxivraw", "arXivRaw", parse_arxiv_raw},
    {"oai_dc", "www.openarchives.org/oai/2.0/oai_dc", "dc", parse_oai_dc},
}};

const MetadataFormat* metadata_format(pugi::xml_node payload) {
  const std::string ns = canonical_namespace(namespace_uri(payload));
  // Undeclared or OAI-namespaced payloads are known by their element name: bulk dumps and
  // hand-edited files drop the declarations.
  const bool by_name = ns.empty() || ns == "www.openarchives.org/oai/2.0";
  for (const MetadataFormat& f : kFormats) {
    if (ns == f.namespace_key || (by_name && local_name(payload) == f.element)) return &f;
  }
  return nullptr;
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
  const MetadataFormat* format = metadata_format(payload);
  if (!format)
    return Error::invalid_input(where + ": unsupported metadata format <" +
                                std::string(payload.name()) + "> in namespace '" +
                                namespace_uri(payload) + "'");
  if (page.metadata_prefix.empty()) page.metadata_prefix = format->prefix;
  Result<Paper> paper = format->parse(payload, h->id);
  if (!paper.ok()) return with_context(where, paper.error());
  page.papers.push_back(std::move(paper).value());
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
  pugi::xml_parse_result parsed = doc.load_buffer(bytes.data(), bytes.size());
  if (!parsed)
    return Error::invalid_input("malformed OAI-PMH XML at byte " + std::to_string(parsed.offset) +
                                ": " + parsed.description());
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
