#include "fetcher/xml_util.h"

#include "fetcher/text.h"

namespace arxiv::xml {

std::string_view local_name(pugi::xml_node node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view namespace_uri(pugi::xml_node node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  std::string attr =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node cur = node; cur; cur = cur.parent()) {
    if (pugi::xml_attribute a = cur.attribute(attr.c_str())) return a.value();
  }
  return {};
}

bool is_element(pugi::xml_node node) { return node.type() == pugi::node_element; }

Status refuse_doctype(const pugi::xml_document& doc, const std::string& what) {
  for (pugi::xml_node n : doc.children()) {
    if (n.type() == pugi::node_doctype)
      return Error::invalid_input(what + ": the document has a <!DOCTYPE> declaration, which " +
                                  "arXiv never sends (DTD entities are not accepted)");
  }
  return {};
}

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

// Walked without recursion so that deeply nested garbage cannot exhaust the stack.
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

Status read_day(const char* field, pugi::xml_node node, bool rfc822, std::string& day) {
  const std::string text = normalize_whitespace(raw_text(node));
  if (text.empty()) return {};
  Result<std::string> parsed = rfc822 ? rfc822_day(text) : iso_day(text);
  if (!parsed.ok()) return Error::invalid_input(std::string(field) + ": " + parsed.error().message);
  day = *parsed;
  return {};
}

}  // namespace arxiv::xml
