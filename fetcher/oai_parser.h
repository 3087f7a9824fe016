// Parser for OAI-PMH responses from arXiv (export.arxiv.org/oai2 and oaipmh.arxiv.org/oai):
// ListRecords, GetRecord and ListIdentifiers, with metadata in `arXiv`, `arXivRaw` or `oai_dc`.
// Also accepts a bare <ListRecords> element without the OAI-PMH envelope (bulk dumps).
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
  std::string verb;             // the request's verb, "" when absent (bare ListRecords)
  std::string response_date;    // as written, "" when absent
  std::string metadata_prefix;  // "arXiv", "arXivRaw", "oai_dc", or "" (ListIdentifiers)
  std::vector<OaiHeader> headers;  // every record's header, deleted ones included
  std::vector<Paper> papers;       // records with metadata, in order; deleted ones left out.
                                   // arXivRaw: version = number of versions, submitted/updated
                                   // from the first/last version's date. No Announcement.
  // The resumptionToken element when present: "" on the last page of a list.
  std::optional<std::string> resumption_token;
  std::optional<long> complete_list_size;
  std::optional<long> cursor;
};

// Fails with kInvalidInput for malformed or truncated XML and for a document that is not OAI-PMH.
// An OAI-PMH <error code="X"> response fails with Error::reason = X ("badResumptionToken",
// "noRecordsMatch", "badArgument", "badVerb", "idDoesNotExist", ...) and the server's message;
// the code is kNotFound for noRecordsMatch and idDoesNotExist, kInvalidInput otherwise.
Result<OaiPage> parse_oai_response(std::string_view bytes);

}  // namespace arxiv
