#include "server/atom_feed.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "index/full_paper_json.h"

namespace arxiv {

namespace {

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
// The scheme arXiv's own Atom API gives its category terms; feed readers that know arXiv use it.
constexpr const char* kCategoryScheme = "http://arxiv.org/schemas/atom";

// pugixml escapes markup but writes bytes as given: invalid UTF-8 becomes U+FFFD the way JSON
// responses do it (send_json), and the C0 controls XML 1.0 forbids are dropped, so one damaged
// record cannot make the whole feed unreadable.
std::string xml_text(const std::string& text) {
  const std::string dumped =
      nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string valid = nlohmann::json::parse(dumped).get<std::string>();
  std::erase_if(valid, [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
  return valid;
}

pugi::xml_node text_element(pugi::xml_node parent, const char* name, const std::string& text) {
  pugi::xml_node node = parent.append_child(name);
  node.text().set(xml_text(text).c_str());
  return node;
}

void link(pugi::xml_node parent, const char* rel, const std::string& href, const char* type) {
  pugi::xml_node node = parent.append_child("link");
  node.append_attribute("rel") = rel;
  node.append_attribute("href") = xml_text(href).c_str();
  node.append_attribute("type") = type;
}

// Announcement days are calendar days; midnight UTC stands for the day.
std::string day_time(const std::string& day) { return day + "T00:00:00Z"; }

std::string score_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

// The explanation a reader sees under the abstract: the digest's "why" in sentences.
std::string why_text(const RankedPaper& r, const Profile& profile, const std::string& day) {
  std::string out = "In the " + profile.name + " digest of " + day;
  if (!r.announce_type.empty()) out += " (" + r.announce_type + ")";
  out += ", score " + score_text(r.score) + ": profile " + score_text(r.why.profile_score) +
         ", interest " + score_text(r.why.interest_score) + ", feedback " +
         score_text(r.why.feedback_score) + ".";
  if (!r.matched.empty()) {
    out += "\nMatched: ";
    for (size_t i = 0; i < r.matched.size(); ++i) out += (i ? "; " : "") + r.matched[i];
    out += ".";
  }
  if (!r.why.learned.empty()) {
    out += "\nLearned from your feedback: ";
    for (size_t i = 0; i < r.why.learned.size(); ++i)
      out += (i ? ", " : "") + r.why.learned[i].label;
    out += ".";
  }
  if (r.why.nearest_liked)
    out += "\nMost like a paper you liked: " + r.why.nearest_liked->title + " (" +
           r.why.nearest_liked->id + ").";
  return out;
}

void add_entry(pugi::xml_node feed, const RankedPaper& r, const Profile& profile,
               const std::string& day) {
  const Paper& p = r.paper;
  pugi::xml_node entry = feed.append_child("entry");
  // The version in the id makes a new version a new entry for readers that key on ids.
  text_element(entry, "id", abs_url(p) + (p.version > 0 ? "v" + std::to_string(p.version) : ""));
  text_element(entry, "title", p.title).append_attribute("type") = "text";
  text_element(entry, "updated", day_time(day));
  if (!p.submitted.empty()) text_element(entry, "published", day_time(p.submitted));
  for (const auto& name : p.authors) text_element(entry.append_child("author"), "name", name);
  link(entry, "alternate", abs_url(p), "text/html");
  link(entry, "related", pdf_url(p), "application/pdf");
  for (const auto& category : p.categories) {
    pugi::xml_node node = entry.append_child("category");
    node.append_attribute("term") = xml_text(category).c_str();
    node.append_attribute("scheme") = kCategoryScheme;
  }
  text_element(entry, "summary", p.abstract).append_attribute("type") = "text";
  text_element(entry, "content", why_text(r, profile, day)).append_attribute("type") = "text";
}

}  // namespace

std::string feed_path(const std::string& profile_name) {
  return "/feeds/" + profile_name + ".atom";
}

std::string atom_feed(const AtomFeedInput& input) {
  const Profile& profile = *input.profile;
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  pugi::xml_node feed = doc.append_child("feed");
  feed.append_attribute("xmlns") = kAtomNs;

  const std::string self = input.public_url + feed_path(profile.name);
  text_element(feed, "id", self);
  text_element(feed, "title",
               "arxiv-triage: " + (profile.title.empty() ? profile.name : profile.title))
      .append_attribute("type") = "text";
  if (!profile.description.empty())
    text_element(feed, "subtitle", profile.description).append_attribute("type") = "text";
  // A feed without days has never changed; the epoch says so without inventing a time.
  text_element(feed, "updated",
               input.digests.empty() ? std::string("1970-01-01T00:00:00Z")
                                     : day_time(input.digests.front().day));
  link(feed, "self", self, "application/atom+xml");
  link(feed, "alternate", input.public_url + "/", "text/html");
  // RFC 4287 wants an author on the feed unless every entry has one; papers may list none.
  text_element(feed.append_child("author"), "name", "arxiv-triage");
  text_element(feed, "generator", "arxiv-triage").append_attribute("version") =
      input.generator_version.c_str();

  std::set<std::string> seen;
  for (const Digest& digest : input.digests) {
    for (const ProfileDigest& pd : digest.profiles) {
      if (pd.name != profile.name) continue;
      for (const RankedPaper& r : pd.papers) {
        if (seen.insert(r.paper.id).second) add_entry(feed, r, profile, digest.day);
      }
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace arxiv
