#include "fetcher/oai_metadata.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetcher/text.h"
#include "fetcher/xml_util.h"

namespace arxiv {

namespace {

using xml::child;
using xml::children;
using xml::local_name;
using xml::namespace_uri;
using xml::raw_text;
using xml::read_day;

// Archives of arXiv category codes, old ones included, so that an oai_dc subject is only taken
// as a category when it really is one ("quant-ph", "cs.LG"), never a subject name or MSC code.
constexpr std::array<std::string_view, 38> kArchives = {
    "acc-phys", "adap-org", "alg-geom", "ao-sci",   "astro-ph", "atom-ph", "bayes-an", "chao-dyn",
    "chem-ph",  "cmp-lg",   "comp-gas", "cond-mat", "cs",       "dg-ga",   "econ",     "eess",
    "funct-an", "gr-qc",    "hep-ex",   "hep-lat",  "hep-ph",   "hep-th",  "math",     "math-ph",
    "mtrl-th",  "nlin",     "nucl-ex",  "nucl-th",  "patt-sol", "physics", "plasm-ph", "q-alg",
    "q-bio",    "q-fin",    "quant-ph", "solv-int", "stat",     "supr-con"};

// Servers vary the scheme, case and trailing slash of the same namespace.
std::string canonical_namespace(std::string_view uri) {
  std::string s = normalize_whitespace(uri);
  for (std::string_view scheme : {"http://", "https://"}) {
    if (starts_with_ignore_case(s, scheme)) s.erase(0, scheme.size());
  }
  while (!s.empty() && s.back() == '/') s.pop_back();
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string text_of(pugi::xml_node parent, std::string_view name) {
  return clean_text(raw_text(child(parent, name)));
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
    if (starts_with_ignore_case(text, "Comment:")) {
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
    const bool url =
        starts_with_ignore_case(text, "http://") || starts_with_ignore_case(text, "https://");
    if (url && text.find("arxiv.org/abs/") != std::string::npos) {
      if (written_id.empty()) written_id = text;
    } else if (starts_with_ignore_case(text, "doi:") ||
               (url && text.find("doi.org/") != std::string::npos)) {
      // Several DOIs are joined by spaces, as arXivRaw writes them in its one <doi>.
      std::string doi = url ? text.substr(text.find("doi.org/") + 8) : strip_label(text, "doi:");
      p.doi += (p.doi.empty() ? "" : " ") + doi;
    } else if (starts_with_ignore_case(text, "Journal reference:")) {
      if (p.journal_ref.empty()) p.journal_ref = strip_label(text, "Journal reference:");
    } else if (!url && !text.empty() && p.journal_ref.empty()) {
      // arXiv's oai_dc writes the journal reference as a bare identifier.
      p.journal_ref = text;
    }
  }
  std::string rights = text_of(m, "rights");
  if (starts_with_ignore_case(rights, "http")) p.license = rights;
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

}  // namespace

Result<OaiMetadata> parse_oai_metadata(pugi::xml_node payload, const std::string& header_id) {
  const MetadataFormat* format = metadata_format(payload);
  if (!format)
    return Error::invalid_input("unsupported metadata format <" + std::string(payload.name()) +
                                "> in namespace '" + std::string(namespace_uri(payload)) + "'");
  Result<Paper> paper = format->parse(payload, header_id);
  if (!paper.ok()) return paper.error();
  return OaiMetadata{format->prefix, std::move(paper).value()};
}

}  // namespace arxiv
