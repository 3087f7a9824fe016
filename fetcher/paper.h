// Paper: one arXiv paper's metadata as the rest of the system sees it, whatever source it came
// from (RSS listing, API, OAI-PMH, metadata snapshot).
//
// Text fields are whitespace-normalised with HTML entities decoded; LaTeX and Unicode are kept as
// written. Empty strings mean "the source did not say". A plain value type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/result.h"

namespace arxiv {

enum class AnnounceType { kUnknown, kNew, kCross, kReplace, kReplaceCross };

// "new", "cross", "replace", "replace-cross"; "" for kUnknown.
const char* announce_type_name(AnnounceType type);
// Accepts the names above; nullopt for anything else.
std::optional<AnnounceType> parse_announce_type(std::string_view name);

// One appearance of a paper in a daily listing.
struct Announcement {
  std::string day;  // YYYY-MM-DD, the listing's announcement day (US Eastern)
  AnnounceType type = AnnounceType::kUnknown;
  int version = 0;  // the version announced, 0 if unknown

  bool operator==(const Announcement&) const = default;
};

struct Paper {
  std::string id;   // base id without version: "2401.01234", "hep-th/9901001"
  int version = 0;  // latest version known; 0 when the source does not say
  std::string title;
  std::string abstract;
  std::vector<std::string> authors;
  std::vector<std::string> categories;  // primary first
  std::string comments;
  std::string journal_ref;
  std::string doi;
  std::string license;    // licence URL
  std::string submitted;  // YYYY-MM-DD of the first version, empty if unknown
  std::string updated;    // YYYY-MM-DD of the latest version, empty if unknown
  // Listings that announced the paper, oldest day first, one per day. Parsers of listing feeds
  // fill exactly one; sources without announcement days leave it empty.
  std::vector<Announcement> announcements;

  // Day of the first announcement, "" when none is known.
  const std::string& announced() const;
  // The announcement on `day`, or nullptr.
  const Announcement* announcement_on(std::string_view day) const;

  bool operator==(const Paper&) const = default;
};

// An arXiv identifier split into base id and version.
struct ArxivId {
  std::string base;  // "2401.01234", "hep-th/9901001"
  int version = 0;   // 0 when the text carried no version
};

// Parses an id in any of the forms arXiv's services write it: "2401.01234", "2401.01234v2",
// "arXiv:2401.01234", "oai:arXiv.org:2401.01234v1", "http://arxiv.org/abs/2401.01234v1",
// "hep-th/9901001v2", "math.GT/0309136" (the subject class is dropped: "math/0309136").
// Fails with kInvalidInput when the text is not an arXiv id.
Result<ArxivId> parse_arxiv_id(std::string_view text);

// Merges what a new source says about a paper into what is stored. Metadata comes from the newer
// version (the incoming one when versions are equal or unknown), with empty fields filled from
// the other; announcements are united by day, keeping the earliest; `updated` and `version` never
// go backwards. Both must have the same id.
Paper merge_papers(const Paper& stored, const Paper& incoming);

}  // namespace arxiv
