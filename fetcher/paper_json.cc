#include "fetcher/paper_json.h"

namespace arxiv {

namespace {

void put_if(nlohmann::json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

}  // namespace

nlohmann::json paper_to_json(const Paper& p) {
  nlohmann::json j;
  j["id"] = p.id;
  j["version"] = p.version;
  j["title"] = p.title;
  put_if(j, "abstract", p.abstract);
  j["authors"] = p.authors;
  j["categories"] = p.categories;
  put_if(j, "comments", p.comments);
  put_if(j, "journal_ref", p.journal_ref);
  put_if(j, "doi", p.doi);
  put_if(j, "license", p.license);
  put_if(j, "submitted", p.submitted);
  put_if(j, "updated", p.updated);
  if (!p.announcements.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : p.announcements) {
      list.push_back(
          {{"day", a.day}, {"type", announce_type_name(a.type)}, {"version", a.version}});
    }
    j["announcements"] = std::move(list);
  }
  return j;
}

Result<Paper> paper_from_json(const nlohmann::json& j) {
  try {
    Paper p;
    p.id = j.at("id").get<std::string>();
    p.version = j.value("version", 0);
    p.title = j.value("title", "");
    p.abstract = j.value("abstract", "");
    p.authors = j.value("authors", std::vector<std::string>{});
    p.categories = j.value("categories", std::vector<std::string>{});
    p.comments = j.value("comments", "");
    p.journal_ref = j.value("journal_ref", "");
    p.doi = j.value("doi", "");
    p.license = j.value("license", "");
    p.submitted = j.value("submitted", "");
    p.updated = j.value("updated", "");
    if (auto it = j.find("announcements"); it != j.end()) {
      for (const auto& a : *it) {
        Announcement ann;
        ann.day = a.at("day").get<std::string>();
        ann.type = parse_announce_type(a.value("type", "")).value_or(AnnounceType::kUnknown);
        ann.version = a.value("version", 0);
        p.announcements.push_back(std::move(ann));
      }
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    return Error::corrupt(std::string("stored paper is not valid: ") + e.what());
  }
}

}  // namespace arxiv
