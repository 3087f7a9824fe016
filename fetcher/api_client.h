// ApiClient: look-ups through arXiv's query API (export.arxiv.org/api/query), politely.
// Not thread-safe (the PoliteClient it uses is).
#pragma once

#include <string>
#include <vector>

#include "fetcher/api_parser.h"
#include "fetcher/polite_client.h"
#include "fetcher/result.h"

namespace arxiv {

class ApiClient {
 public:
  // `base_url` e.g. "https://export.arxiv.org/api/query".
  ApiClient(PoliteClient& client, std::string base_url)
      : client_(client), base_url_(std::move(base_url)) {}

  // Papers for `ids` (any form parse_arxiv_id accepts), fetched with id_list in batches of
  // `batch_size`, in the order given; ids arXiv does not know are left out. kInvalidInput for an id
  // that does not parse or arXiv's error feed; kUnavailable when the service keeps failing.
  Result<std::vector<Paper>> lookup(const std::vector<std::string>& ids, size_t batch_size = 100);

  // One page of a search_query. An empty page while totalResults says more exist is retried (a
  // known API glitch) a few times before failing with kUnavailable.
  Result<ApiPage> query(const std::string& search_query, size_t start, size_t max_results);

 private:
  Result<ApiPage> get_page(const std::string& url, bool expect_entries);

  PoliteClient& client_;
  std::string base_url_;
};

}  // namespace arxiv
