// Internal helpers for reading arXiv's XML with pugixml, which resolves neither namespaces nor
// prefixes: elements are matched by local name, and a prefix's namespace is found by walking up
// to its xmlns declaration. Not part of the fetcher's public interface.
// Pure functions of the document; thread-safe for concurrent reads.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/result.h"

namespace arxiv::xml {

// The element name without its prefix: "dc:title" -> "title".
std::string_view local_name(pugi::xml_node node);

// The URI bound to the element's prefix (or the default namespace) by the nearest xmlns
// declaration on it or an ancestor; "" when nothing declares it.
std::string_view namespace_uri(pugi::xml_node node);

bool is_element(pugi::xml_node node);

// kInvalidInput starting with `what` when the document (loaded with pugi::parse_doctype, so the
// declaration is kept) has a document type declaration. arXiv sends none, and a DTD's entities
// (a billion laughs, an external file) are the classic attack on XML readers: pugixml expands
// none of them, but a document that declares them is hostile or not arXiv's, so it is refused.
Status refuse_doctype(const pugi::xml_document& doc, const std::string& what);

// The first child element, and all child elements, with local name `name`.
pugi::xml_node child(pugi::xml_node parent, std::string_view name);
std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view name);

// All character data under `node`, at any depth, concatenated as written; "" for a null node.
std::string raw_text(pugi::xml_node node);

// Sets `day` (YYYY-MM-DD) from the ISO 8601 or, with `rfc822`, RFC 822 date in `node`'s text; an
// absent or blank date leaves `day` as it is. A date that does not parse fails with kInvalidInput
// and a message starting with `field`.
Status read_day(const char* field, pugi::xml_node node, bool rfc822, std::string& day);

}  // namespace arxiv::xml
