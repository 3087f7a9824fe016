// OaiHarvester: ListRecords over arXiv's OAI-PMH service (https://oaipmh.arxiv.org/oai), one
// window (set, metadataPrefix, from, until) followed through its resumption tokens.
//
// Resumable: after each page has been handed to the sink, the harvester saves a checkpoint (the
// window and the token of the next page) through an OaiCheckpointStore. A harvest started with a
// saved checkpoint for the same window resumes at that page, so a killed harvest redoes at most
// the page it was on. `noRecordsMatch` is an empty window; `badResumptionToken` (tokens expire at
// UTC midnight) restarts the window from its first page. Requests go through a PoliteClient (which
// handles 503 Retry-After). Not thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "fetcher/oai_parser.h"
#include "fetcher/polite_client.h"
#include "fetcher/result.h"

namespace arxiv {

struct OaiWindow {
  std::string base_url = "https://oaipmh.arxiv.org/oai";
  std::string metadata_prefix = "arXivRaw";
  std::string set;    // e.g. "cs:cs:LG"; "" = every set
  std::string from;   // YYYY-MM-DD, "" = from the start
  std::string until;  // YYYY-MM-DD, "" = open

  bool operator==(const OaiWindow&) const = default;
};

struct OaiCheckpoint {
  OaiWindow window;
  std::string token;  // resumption token of the next page to fetch
  size_t pages_done = 0;
  size_t records_done = 0;
};

// Where checkpoints live (the index keeps them in its metadata, committed together with the
// papers of the page, so they are durable exactly when the papers are).
class OaiCheckpointStore {
 public:
  virtual ~OaiCheckpointStore() = default;
  virtual Result<std::optional<OaiCheckpoint>> load() = 0;
  virtual Status save(const OaiCheckpoint& checkpoint) = 0;
  virtual Status clear() = 0;
};

// Text form of a checkpoint for stores that keep strings; parse fails with kCorrupt.
std::string checkpoint_to_string(const OaiCheckpoint& checkpoint);
Result<OaiCheckpoint> checkpoint_from_string(const std::string& text);

struct HarvestSummary {
  size_t pages = 0;           // pages fetched by this run
  size_t records = 0;         // records (papers plus deleted) in them
  bool resumed = false;       // started from a saved checkpoint
  std::string response_date;  // of the first page: the `from` of the next incremental harvest
};

// Harvests `window`. `sink` receives every page (papers and headers); when it fails, the harvest
// stops with its error and the checkpoint still points at that page. Progress callback optional.
// On success the checkpoint is cleared. Errors: the PoliteClient's kUnavailable, kInvalidInput for
// a response that is not OAI-PMH or an OAI error other than the two handled above.
Result<HarvestSummary> harvest(PoliteClient& client, const OaiWindow& window,
                               OaiCheckpointStore& store,
                               const std::function<Status(const OaiPage&)>& sink,
                               const std::function<void(const HarvestSummary&)>& on_page = {});

}  // namespace arxiv
