// ServerContext: what every route of one running service shares: its configuration, the
// trained-model cache and the request metrics. Routes get it by reference; it outlives them.
// Thread-safe: config is read-only after start, ModelCache and Metrics lock internally.
#pragma once

#include "index/model_cache.h"
#include "server/metrics.h"
#include "server/server_config.h"

namespace arxiv {

struct ServerContext {
  ServerConfig config;
  ModelCache models;
  Metrics metrics;
};

}  // namespace arxiv
