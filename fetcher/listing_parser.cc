#include "fetcher/listing_parser.h"

#include <algorithm>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/text.h"
#include "fetcher/xml_util.h"

namespace arxiv {

namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kArxivNs = "http://arxiv.org/schemas/atom";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";
constexpr std::string_view kFeedErrorTitle = "Feed error for query";
constexpr std::string_view kFeedErrorReason = "feed_error";

// An element's namespace URI and local name.
struct QName {
  std::string_view ns;
  std::string_view local;
};

// pugixml does not process namespaces, so a prefix is resolved by walking up to its xmlns
// declaration. Trimmed captures sometimes lose the declarations, hence the fallback to the
// prefixes arXiv always uses. Any other undeclared prefix resolves to itself, which can never
// equal a real URI or the empty RSS namespace, so such elements match nothing.
std::string_view resolve_prefix(pugi::xml_node node, std::string_view prefix) {
  const std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  if (prefix == "arxiv") return kArxivNs;
  if (prefix == "dc") return kDcNs;
  if (prefix == "atom") return kAtomNs;
  return prefix;
}

QName qname(pugi::xml_node node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  if (colon == std::string_view::npos) return {resolve_prefix(node, {}), name};
  return {resolve_prefix(node, name.substr(0, colon)), name.substr(colon + 1)};
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The whitespace normalize_whitespace collapses, and the part of it that is never left in place.
constexpr std::string_view kSpace = " \t\r\n\f\v";
constexpr std::string_view kOtherSpace = kSpace.substr(1);

std::string_view trim(std::string_view s) {
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::string_view first_token(std::string_view s) {
  s = trim(s);
  return s.substr(0, s.find_first_of(kSpace));
}

// clean_text walks byte by byte, which dominates a replay of a year of listings in a debug build.
// Real fields are nearly always clean already (one line, single spaces, no references), and
// memchr-based checks prove that cheaply; the result is the same either way.
std::string clean(std::string_view text) {
  text = trim(text);
  const bool already_clean =
      text.find('&') == std::string_view::npos && text.find("  ") == std::string_view::npos &&
      std::all_of(kOtherSpace.begin(), kOtherSpace.end(),
                  [&](char c) { return text.find(c) == std::string_view::npos; });
  return already_clean ? std::string(text) : clean_text(text);
}

// Text split by a comment or wrapped in CDATA is still one value, so every character-data child
// counts.
std::string text_of(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return out;
}

// RSS puts the URL in the text, Atom in href; Atom's rel="related"/"self" links are not the paper.
std::string link_of(pugi::xml_node node) {
  if (pugi::xml_attribute href = node.attribute("href")) {
    const std::string_view rel = node.attribute("rel").value();
    return rel.empty() || rel == "alternate" ? href.value() : "";
  }
  return text_of(node);
}

std::string category_of(pugi::xml_node node) {
  if (pugi::xml_attribute term = node.attribute("term")) return clean(term.value());
  return clean(text_of(node));
}

// RSS writes RFC 822 dates and Atom ISO 8601 ones; either is accepted wherever a date is expected.
std::optional<std::string> parse_day(std::string_view text) {
  if (Result<std::string> day = rfc822_day(text)) return std::move(day).value();
  if (Result<std::string> day = iso_day(text)) return std::move(day).value();
  return std::nullopt;
}

// Every item repeats the channel's date, so each distinct text is parsed once.
class DayCache {
 public:
  const std::optional<std::string>& day(std::string_view text) {
    if (!cached_ || text != text_) {
      text_ = text;
      day_ = parse_day(text);
      cached_ = true;
    }
    return day_;
  }

 private:
  bool cached_ = false;
  std::string text_;
  std::optional<std::string> day_;
};

std::string shorten(std::string_view text, size_t limit = 80) {
  std::string out = clean(text);
  if (out.size() > limit) out = out.substr(0, limit) + "...";
  return out;
}

// Everything read from one <item> or <entry>, still raw text.
struct RawItem {
  std::string title;
  std::string link;
  std::string description;
  std::string guid;
  std::string pub_date;
  std::string announce_type;
  std::string rights;
  std::string doi;
  std::string journal_ref;
  std::string comments;
  std::vector<std::string> categories;
  std::vector<std::string> creators;  // dc:creator, each possibly a comma-joined list
  std::vector<std::string> atom_authors;
};

void read_core_field(pugi::xml_node child, std::string_view local, RawItem& raw) {
  if (local == "title") {
    raw.title = text_of(child);
  } else if (local == "link") {
    if (raw.link.empty()) raw.link = link_of(child);
  } else if (local == "description" || local == "summary") {
    raw.description = text_of(child);
  } else if (local == "guid" || local == "id") {
    raw.guid = text_of(child);
  } else if (local == "category") {
    raw.categories.push_back(category_of(child));
  } else if (local == "pubDate" || local == "published") {
    raw.pub_date = text_of(child);
  } else if (local == "author") {
    for (pugi::xml_node name : child.children()) {
      if (name.type() == pugi::node_element && qname(name).local == "name")
        raw.atom_authors.push_back(clean(text_of(name)));
    }
  }
}

RawItem read_item(pugi::xml_node item, std::string_view core_ns) {
  RawItem raw;
  for (pugi::xml_node child : item.children()) {
    if (child.type() != pugi::node_element) continue;
    const QName q = qname(child);
    if (q.ns == core_ns) {
      read_core_field(child, q.local, raw);
    } else if (q.ns == kArxivNs) {
      // The API spells these doi/journal_ref/comment; accept both spellings.
      if (q.local == "announce_type") raw.announce_type = text_of(child);
      if (q.local == "DOI" || q.local == "doi") raw.doi = text_of(child);
      if (q.local == "journal_reference" || q.local == "journal_ref")
        raw.journal_ref = text_of(child);
      if (q.local == "comments" || q.local == "comment") raw.comments = text_of(child);
    } else if (q.ns == kDcNs) {
      if (q.local == "creator") raw.creators.push_back(text_of(child));
      if (q.local == "rights") raw.rights = text_of(child);
    }
  }
  return raw;
}

// arXiv writes "arXiv:<id>v<n> Announce Type: <type> \nAbstract: <abstract>"; anything else is
// taken as a bare abstract.
struct Description {
  std::string_view id;
  std::string_view announce_type;
  std::string_view abstract;
};

Description split_description(std::string_view text) {
  const std::string_view rest = trim(text);
  if (!starts_with(rest, "arXiv:")) return {{}, {}, text};
  Description parts;
  const size_t abstract_at = rest.find("Abstract:");
  const std::string_view header = rest.substr(0, abstract_at);
  if (abstract_at != std::string_view::npos)
    parts.abstract = rest.substr(abstract_at + std::string_view("Abstract:").size());
  parts.id = first_token(header);
  constexpr std::string_view kTypeLabel = "Announce Type:";
  if (size_t type_at = header.find(kTypeLabel); type_at != std::string_view::npos)
    parts.announce_type = first_token(header.substr(type_at + kTypeLabel.size()));
  return parts;
}

std::string item_label(size_t index, const RawItem& raw) {
  const std::string title = shorten(raw.title);
  return "listing feed item " + std::to_string(index + 1) +
         (title.empty() ? " (untitled)" : " '" + title + "'");
}

// The guid is authoritative; the description header and the (versionless) link are fallbacks
// and also supply a version the guid lacks.
Result<ArxivId> item_id(const RawItem& raw, const Description& description, size_t index) {
  std::optional<ArxivId> id;
  for (std::string_view candidate :
       {std::string_view(raw.guid), description.id, std::string_view(raw.link)}) {
    if (id && id->version > 0) break;
    if (trim(candidate).empty()) continue;
    Result<ArxivId> parsed = parse_arxiv_id(candidate);
    if (!parsed) continue;
    if (!id) {
      id = std::move(parsed).value();
    } else if (id->version == 0 && parsed->base == id->base) {
      id->version = parsed->version;
    }
  }
  if (id) return *id;
  return Error::invalid_input(item_label(index, raw) + ": no valid arXiv id in its guid ('" +
                              shorten(raw.guid) + "'), description or link ('" + shorten(raw.link) +
                              "')");
}

AnnounceType item_type(const RawItem& raw, const Description& description) {
  if (auto type = parse_announce_type(trim(raw.announce_type))) return *type;
  if (auto type = parse_announce_type(description.announce_type)) return *type;
  return AnnounceType::kUnknown;
}

Result<Paper> build_paper(const RawItem& raw, size_t index, const std::string& feed_day,
                          DayCache& days) {
  const Description description = split_description(raw.description);
  Result<ArxivId> id = item_id(raw, description, index);
  if (!id) return id.error();

  Announcement announcement;
  if (!trim(raw.pub_date).empty()) {
    const std::optional<std::string>& day = days.day(raw.pub_date);
    if (!day) {
      return Error::invalid_input(item_label(index, raw) + ": pubDate '" + shorten(raw.pub_date) +
                                  "' is not a date");
    }
    announcement.day = *day;
  } else if (!feed_day.empty()) {
    announcement.day = feed_day;
  } else {
    return Error::invalid_input(item_label(index, raw) +
                                ": no announcement day (no pubDate here or on the feed)");
  }
  announcement.type = item_type(raw, description);
  announcement.version = id->version;

  Paper paper;
  paper.id = id->base;
  paper.version = id->version;
  paper.title = clean(raw.title);
  paper.abstract = clean(description.abstract);
  for (const std::string& creator : raw.creators) {
    std::vector<std::string> names = split_authors(creator);
    paper.authors.insert(paper.authors.end(), names.begin(), names.end());
  }
  if (paper.authors.empty()) {
    for (const std::string& name : raw.atom_authors) {
      if (!name.empty()) paper.authors.push_back(name);
    }
  }
  for (const std::string& category : raw.categories) {
    if (!category.empty() && std::find(paper.categories.begin(), paper.categories.end(),
                                       category) == paper.categories.end())
      paper.categories.push_back(category);
  }
  paper.comments = clean(raw.comments);
  paper.journal_ref = clean(raw.journal_ref);
  paper.doi = clean(raw.doi);
  paper.license = clean(raw.rights);
  paper.announcements.push_back(std::move(announcement));
  return paper;
}

// The channel (RSS) or feed (Atom) element holding the items, or an error saying why the
// document is not a listing feed.
Result<pugi::xml_node> find_container(pugi::xml_node root) {
  const QName name = qname(root);
  if (name.local == "feed") return root;
  if (name.local != "rss") {
    return Error::invalid_input("not a listing feed: the root element is <" +
                                std::string(root.name()) + ">, expected <rss> or <feed>");
  }
  for (pugi::xml_node child : root.children()) {
    if (child.type() == pugi::node_element && qname(child).local == "channel") return child;
  }
  return Error::invalid_input("not a listing feed: <rss> has no <channel>");
}

}  // namespace

Result<ListingFeed> parse_listing_feed(std::string_view bytes) {
  if (trim(bytes).empty()) return Error::invalid_input("listing feed: empty document");
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_doctype);
  if (!parsed) {
    return Error::invalid_input("listing feed: malformed XML at byte " +
                                std::to_string(parsed.offset) + ": " + parsed.description());
  }
  if (Status s = xml::refuse_doctype(doc, "listing feed"); !s.ok()) return s.error();
  Result<pugi::xml_node> container = find_container(doc.document_element());
  if (!container) return container.error();
  const std::string_view core_ns = qname(doc.document_element()).ns;

  ListingFeed feed;
  std::string description;
  std::string pub_date;  // RSS pubDate or Atom published
  std::string updated;
  std::vector<pugi::xml_node> items;
  for (pugi::xml_node child : container->children()) {
    if (child.type() != pugi::node_element) continue;
    const QName q = qname(child);
    if (q.ns == kOpenSearchNs) {
      return Error::invalid_input(
          "not a listing feed: an arXiv API search response (it has opensearch:" +
          std::string(q.local) + ")");
    }
    if (q.ns != core_ns) continue;
    if (q.local == "title") feed.title = clean(text_of(child));
    if (q.local == "description" || q.local == "subtitle") description = clean(text_of(child));
    if (q.local == "pubDate" || q.local == "published") pub_date = text_of(child);
    if (q.local == "updated") updated = text_of(child);
    if (q.local == "item" || q.local == "entry") items.push_back(child);
  }

  if (starts_with(feed.title, kFeedErrorTitle)) {
    Error error = Error::invalid_input("arXiv feed error: " + feed.title +
                                       (description.empty() ? "" : " (" + description + ")"));
    error.reason = kFeedErrorReason;
    return error;
  }

  DayCache days;
  const bool use_updated = trim(pub_date).empty();
  const std::string& date = use_updated ? updated : pub_date;
  if (!trim(date).empty()) {
    const std::optional<std::string>& day = days.day(date);
    if (!day) {
      return Error::invalid_input(std::string("listing feed: its ") +
                                  (use_updated ? "updated" : "pubDate/published") + " '" +
                                  shorten(date) + "' is not a date");
    }
    feed.day = *day;
  }

  feed.papers.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    Result<Paper> paper = build_paper(read_item(items[i], core_ns), i, feed.day, days);
    if (!paper) return paper.error();
    feed.papers.push_back(std::move(paper).value());
  }
  return feed;
}

}  // namespace arxiv
