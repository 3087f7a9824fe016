#include "index/full_paper_json.h"

#include <algorithm>
#include <set>

#include "index/ranked_json.h"

namespace arxiv {

namespace {

// No arXiv paper has nearly this many versions; the bound keeps a damaged record from producing
// a huge list.
constexpr int kMostVersions = 1000;

nlohmann::json or_null(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

}  // namespace

std::string abs_url(const Paper& paper) { return "https://arxiv.org/abs/" + paper.id; }

std::string pdf_url(const Paper& paper) {
  std::string url = "https://arxiv.org/pdf/" + paper.id;
  if (paper.version > 0) url += "v" + std::to_string(paper.version);
  return url;
}

nlohmann::json full_paper_json(const RankedPaper& ranked) {
  const Paper& p = ranked.paper;
  nlohmann::json out = ranked_paper_json(ranked);
  nlohmann::json announcements = nlohmann::json::array();
  for (const auto& a : p.announcements)
    announcements.push_back({{"day", a.day},
                             {"type", or_null(announce_type_name(a.type))},
                             {"version", a.version > 0 ? nlohmann::json(a.version) : nullptr}});
  out["abstract"] = p.abstract;
  out["primary_category"] = p.categories.empty() ? nullptr : nlohmann::json(p.categories.front());
  out["submitted"] = or_null(p.submitted);
  out["updated"] = or_null(p.updated);
  out["announced"] = or_null(p.announced());
  out["announcements"] = std::move(announcements);
  out["comments"] = or_null(p.comments);
  out["journal_ref"] = or_null(p.journal_ref);
  out["doi"] = or_null(p.doi);
  out["license"] = or_null(p.license);
  out["abs_url"] = abs_url(p);
  out["pdf_url"] = pdf_url(p);
  return out;
}

nlohmann::json versions_json(const Paper& paper) {
  std::set<int> known;
  for (int v = 1; v <= std::min(paper.version, kMostVersions); ++v) known.insert(v);
  for (const auto& a : paper.announcements) {
    if (a.version > 0) known.insert(a.version);
  }
  const int latest = known.empty() ? 0 : *known.rbegin();
  nlohmann::json out = nlohmann::json::array();
  for (int v : known) {
    // Announcements are oldest first, so the first naming a version is when it appeared.
    auto listed = std::find_if(paper.announcements.begin(), paper.announcements.end(),
                               [v](const Announcement& a) { return a.version == v; });
    std::string date;
    if (v == 1) date = paper.submitted;
    if (v == latest && v > 1) date = paper.updated;
    const bool found = listed != paper.announcements.end();
    out.push_back({{"version", v},
                   {"date", or_null(date)},
                   {"announced", found ? or_null(listed->day) : nullptr},
                   {"announce_type", found ? or_null(announce_type_name(listed->type)) : nullptr},
                   {"abs_url", abs_url(paper) + "v" + std::to_string(v)}});
  }
  return out;
}

}  // namespace arxiv
