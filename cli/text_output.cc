#include "cli/text_output.h"

#include <cstdio>

namespace arxiv::cli {

namespace {

std::string join(const std::vector<std::string>& items, const std::string& sep, size_t max_items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max_items; ++i) out += (i ? sep : "") + items[i];
  if (items.size() > max_items) out += " et al.";
  return out;
}

std::string format_paper(size_t rank, const RankedPaper& r) {
  char head[64];
  std::snprintf(head, sizeof head, "%3zu. %6.2f  ", rank, r.score);
  std::string out = head + r.paper.title + "\n";
  const std::string indent(13, ' ');
  std::string id =
      "arXiv:" + r.paper.id + (r.paper.version > 0 ? "v" + std::to_string(r.paper.version) : "");
  out += indent + id + "  " + join(r.paper.categories, " ", 4);
  if (!r.announce_type.empty()) out += "  [" + r.announce_type + "]";
  out += "\n" + indent + join(r.paper.authors, ", ", 4) + "\n";
  if (!r.profiles.empty()) out += indent + "profiles: " + join(r.profiles, ", ", 8) + "\n";
  if (!r.matched.empty()) out += indent + "why: " + join(r.matched, ", ", 8) + "\n";
  if (!r.why.learned.empty()) {
    std::vector<std::string> words;
    for (const auto& t : r.why.learned) words.push_back(t.label);
    out += indent + "learned: " + join(words, ", ", 5) + "\n";
  }
  if (r.why.nearest_liked) {
    char sim[32];
    std::snprintf(sim, sizeof sim, "%.2f", r.why.nearest_liked->similarity);
    out += indent + "like: arXiv:" + r.why.nearest_liked->id + " " + r.why.nearest_liked->title +
           " (" + sim + ")\n";
  }
  return out;
}

}  // namespace

std::string format_digest_text(const Digest& digest, bool listing_seen, bool merged) {
  std::string out = "arXiv digest for " + digest.day + ": ";
  if (digest.announced == 0) {
    out += listing_seen ? "no announcement (arXiv listed no papers that day)\n"
                        : "no papers in the index for this day (no listing imported or fetched)\n";
    return out;
  }
  out += std::to_string(digest.announced) + " papers announced\n";
  if (merged) {
    out += "\n== all profiles (" + std::to_string(digest.all.size()) + " papers)\n";
    if (digest.all.empty()) out += "     nothing matched today\n";
    for (size_t i = 0; i < digest.all.size(); ++i) out += format_paper(i + 1, digest.all[i]);
    return out;
  }
  for (const auto& p : digest.profiles) {
    out += "\n== " + p.name + (p.title.empty() ? "" : " - " + p.title) + " (" +
           std::to_string(p.papers.size()) + " shown of " + std::to_string(p.matches) +
           " matching)\n";
    if (p.papers.empty()) out += "     nothing matched today\n";
    for (size_t i = 0; i < p.papers.size(); ++i) out += format_paper(i + 1, p.papers[i]);
  }
  return out;
}

std::string format_search_text(const SearchResults& results, size_t offset) {
  std::string out = std::to_string(results.total) + " papers\n";
  for (size_t i = 0; i < results.papers.size(); ++i)
    out += format_paper(offset + i + 1, results.papers[i]);
  return out;
}

}  // namespace arxiv::cli
