// Parser for OAI-PMH responses from arXiv (export.arxiv.org/oai2 and oaipmh.arxiv.org/oai):
// ListRecords, GetRecord and ListIdentifiers, with metadata in `arXiv`, `arXivRaw` or `oai_dc`;
// Identify, ListSets and ListMetadataFormats responses succeed as pages without records.
// Also accepts a bare <ListRecords> element without the OAI-PMH envelope (bulk dumps).
// Elements are matched by local name; the metadata format is told by its namespace URI (scheme,
// case and trailing slash ignored), or by its element name when no namespace is declared.
// Text fields go through clean_text; LaTeX is kept as written.
// Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/paper.h"
#include "fetcher/result.h"

namespace arxiv {

struct OaiHeader {
  std::string identifier;  // "oai:arXiv.org:2401.01234"
  std::string id;          // base arXiv id, "2401.01234"
  std::string datestamp;   // YYYY-MM-DD
  std::vector<std::string> sets;
  bool deleted = false;
};

struct OaiPage {
  // The request's verb, else the response element's name; "" for a bare ListRecords.
  std::string verb;
  std::string response_date;  // as written, "" when absent
  // The request's metadataPrefix, else ("arXiv", "arXivRaw", "oai_dc") that of the first record
  // with metadata; "" when neither says (a ListIdentifiers page asked for by resumptionToken).
  std::string metadata_prefix;
  std::vector<OaiHeader> headers;  // every record's header, deleted ones included
  std::vector<Paper> papers;       // records with metadata, in order; deleted ones left out.
                                   // arXivRaw: version = number of versions, submitted/updated
                                   // from the first/last version's date. arXiv: version 0,
                                   // submitted = created, updated = updated or created.
                                   // oai_dc: creators "Keyname, [Suffix,] Forenames" turned
                                   // into "Forenames Keyname [Suffix]", "Comment: ..."
                                   // description -> comments, first/last date, "doi:" and
                                   // bare journal-reference identifiers; categories only from
                                   // subjects that are arXiv codes. No Announcement.
  // The resumptionToken element when present: "" on the last page of a list.
  std::optional<std::string> resumption_token;
  std::optional<long> complete_list_size;
  std::optional<long> cursor;
};

// Fails with kInvalidInput for malformed or truncated XML, for a document that is not OAI-PMH
// (an HTML 503 page), and for an inconsistent record (no header, an identifier that is not an
// arXiv id, a bad date, a metadata id differing from the header's, an unknown metadata format);
// the message names the record. A bare <error> root (sent by export.arxiv.org) counts as OAI.
// An OAI-PMH <error code="X"> response fails with Error::reason = X ("badResumptionToken",
// "noRecordsMatch", "badArgument", "badVerb", "idDoesNotExist", ...) and the server's message;
// the code is kNotFound for noRecordsMatch and idDoesNotExist, kInvalidInput otherwise.
Result<OaiPage> parse_oai_response(std::string_view bytes);

}  // namespace arxiv
