// ServerContext: what every route of one running service shares: its configuration, the
// trained-model cache, the digest and search answers, the facet table, open index readers, the
// request metrics, the page templates and the lock of profiles.toml. Routes get it by
// reference; it outlives them.
// Thread-safe: config and templates are read-only after start; ModelCache, DigestCache,
// FacetTables, ReaderPool and Metrics lock internally.
#pragma once

#include <mutex>

#include "index/facets.h"
#include "index/model_cache.h"
#include "server/digest_cache.h"
#include "server/metrics.h"
#include "server/reader_pool.h"
#include "server/server_config.h"
#include "server/templates.h"

namespace arxiv {

struct ServerContext {
  ServerConfig config;
  ModelCache models;
  DigestCache digests;
  DigestCache searches;  // JSON answers of /api/v1/papers, checked with digests.sources()
  FacetTables facets;    // the search facets of the index's latest revision
  ReaderPool readers;    // index readers kept open between searches
  Metrics metrics;
  // Held across every read-modify-write of profiles.toml, so concurrent edits never lose one
  // another (the file itself is replaced atomically).
  std::mutex profiles_mutex;
  // The page templates, read once when the server is made (ApiServer); an error here is
  // answered by every page as a 500 naming it, while the API keeps working.
  Result<Templates> templates = Error::internal("the page templates were not loaded");
};

}  // namespace arxiv
