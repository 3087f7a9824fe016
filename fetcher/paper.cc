#include "fetcher/paper.h"

#include <algorithm>
#include <cctype>

#include "fetcher/text.h"

namespace arxiv {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Splits a trailing "vN" off `s`; returns the version, 0 if none.
int split_version(std::string_view& s) {
  size_t v = s.rfind('v');
  if (v == std::string_view::npos || v + 1 == s.size()) return 0;
  std::string_view digits = s.substr(v + 1);
  if (!all_digits(digits) || digits.size() > 4) return 0;
  s = s.substr(0, v);
  return std::stoi(std::string(digits));
}

bool is_archive_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '-')) return false;
  }
  return true;
}

}  // namespace

const char* announce_type_name(AnnounceType type) {
  switch (type) {
    case AnnounceType::kNew:
      return "new";
    case AnnounceType::kCross:
      return "cross";
    case AnnounceType::kReplace:
      return "replace";
    case AnnounceType::kReplaceCross:
      return "replace-cross";
    case AnnounceType::kUnknown:
      break;
  }
  return "";
}

std::optional<AnnounceType> parse_announce_type(std::string_view name) {
  if (name == "new") return AnnounceType::kNew;
  if (name == "cross") return AnnounceType::kCross;
  if (name == "replace") return AnnounceType::kReplace;
  if (name == "replace-cross") return AnnounceType::kReplaceCross;
  return std::nullopt;
}

const std::string& Paper::announced() const {
  static const std::string kNone;
  return announcements.empty() ? kNone : announcements.front().day;
}

const Announcement* Paper::announcement_on(std::string_view day) const {
  for (const auto& a : announcements) {
    if (a.day == day) return &a;
  }
  return nullptr;
}

Result<ArxivId> parse_arxiv_id(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  for (std::string_view prefix : {"http://arxiv.org/abs/", "https://arxiv.org/abs/",
                                  "http://export.arxiv.org/abs/", "oai:arxiv.org:", "arxiv:"}) {
    if (starts_with_ignore_case(s, prefix)) {
      s.remove_prefix(prefix.size());
      break;
    }
  }
  const std::string bad = "not an arXiv id: '" + std::string(text.substr(0, 80)) + "'";
  ArxivId id;
  id.version = split_version(s);
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) {
    // New style: YYMM.NNNN or YYMM.NNNNN.
    size_t dot = s.find('.');
    if (dot != 4 || !all_digits(s.substr(0, 4)) || !all_digits(s.substr(5)) ||
        (s.size() != 9 && s.size() != 10))
      return Error::invalid_input(bad);
    id.base = std::string(s);
    return id;
  }
  // Old style: archive[.SC]/YYMMNNN.
  std::string_view archive = s.substr(0, slash);
  std::string_view number = s.substr(slash + 1);
  if (size_t dot = archive.find('.'); dot != std::string_view::npos)
    archive = archive.substr(0, dot);
  if (!is_archive_name(archive) || number.size() != 7 || !all_digits(number))
    return Error::invalid_input(bad);
  id.base = std::string(archive) + "/" + std::string(number);
  return id;
}

Paper merge_papers(const Paper& stored, const Paper& incoming) {
  const bool incoming_newer = incoming.version == 0 || incoming.version >= stored.version;
  Paper out = incoming_newer ? incoming : stored;
  const Paper& other = incoming_newer ? stored : incoming;
  auto fill = [](std::string& field, const std::string& from) {
    if (field.empty()) field = from;
  };
  fill(out.title, other.title);
  fill(out.abstract, other.abstract);
  fill(out.comments, other.comments);
  fill(out.journal_ref, other.journal_ref);
  fill(out.doi, other.doi);
  fill(out.license, other.license);
  if (out.authors.empty()) out.authors = other.authors;
  if (out.categories.empty()) out.categories = other.categories;
  out.version = std::max(stored.version, incoming.version);
  if (!stored.submitted.empty() && (out.submitted.empty() || stored.submitted < out.submitted))
    out.submitted = stored.submitted;
  out.updated = std::max(stored.updated, incoming.updated);

  out.announcements = stored.announcements;
  for (const auto& a : incoming.announcements) {
    auto same_day = std::find_if(out.announcements.begin(), out.announcements.end(),
                                 [&](const Announcement& b) { return b.day == a.day; });
    if (same_day == out.announcements.end()) {
      out.announcements.push_back(a);
    } else if (same_day->type == AnnounceType::kUnknown) {
      *same_day = a;
    }
  }
  std::sort(out.announcements.begin(), out.announcements.end(),
            [](const Announcement& a, const Announcement& b) { return a.day < b.day; });
  return out;
}

}  // namespace arxiv
