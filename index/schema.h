// The index schema: every Xapian term prefix, value slot and metadata key in one place.
// See docs/design.md for the rationale of each. Pure functions; thread-safe.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace arxiv::schema {

// Term prefixes (Omega conventions where one exists).
// The glass backend refuses terms longer than this many bytes (the whole add fails).
inline constexpr size_t kMaxTermBytes = 245;

inline constexpr std::string_view kId = "Q";             // boolean: base arXiv id
inline constexpr std::string_view kTitle = "S";          // free text: title words (title:)
inline constexpr std::string_view kAuthor = "A";         // free text: author name words (author:)
inline constexpr std::string_view kAuthorKey = "XA";     // boolean: followed-author key
inline constexpr std::string_view kCategory = "XC";      // boolean: every category (cat:)
inline constexpr std::string_view kDay = "D";            // boolean: each announcement day YYYYMMDD
inline constexpr std::string_view kAnnounceType = "XT";  // boolean: announce type of any listing

// Value slots.
inline constexpr Xapian::valueno kSlotDay = 0;      // first announcement day, "YYYYMMDD"
inline constexpr Xapian::valueno kSlotPrimary = 1;  // primary category, "cs.LG"

// Metadata keys.
inline constexpr std::string_view kImportedFilePrefix = "import:";    // + file key -> "size:mtime"
inline constexpr std::string_view kListingDayPrefix = "listing:";     // + YYYYMMDD -> item count
inline constexpr std::string_view kOaiCheckpoint = "oai:checkpoint";  // harvest in progress
inline constexpr std::string_view kOaiDonePrefix =
    "oai:done:";  // + set:from:until -> response date
inline constexpr std::string_view kOaiLastHarvest = "oai:last-harvest";  // -> YYYY-MM-DD
// Which way text is indexed (bumped whenever the terms a paper gets change): written with the
// first paper, checked on opening. 2: one plural-folded "Z" term per word, with positions.
inline constexpr std::string_view kSchemaVersionKey = "schema:version";
inline constexpr std::string_view kSchemaVersion = "2";

// Title words count this many times in the unprefixed (all-fields) text.
inline constexpr Xapian::termcount kTitleWdf = 2;

// `prefix` + `value`, with the ':' QueryParser inserts after a multi-letter prefix when the value
// starts with a capital letter or ':' ("XC" + "I.2.7" -> "XC:I.2.7").
std::string prefixed(std::string_view prefix, std::string_view value);

// "2025-03-18" -> "20250318" (the form of day terms and the day slot).
std::string compact_day(std::string_view day);
// "20250318" -> "2025-03-18".
std::string iso_from_compact(std::string_view compact);

// The key that identifies a followed author regardless of middle names, accents written in LaTeX
// or case: last name and first initial, "Geoffrey E. Hinton" -> "hinton_g",
// "Bal\'azs Szegedy" -> "szegedy_b". Empty when the name has no letters.
std::string author_key(std::string_view name);

}  // namespace arxiv::schema
