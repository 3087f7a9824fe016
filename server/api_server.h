// ApiServer: the HTTP service over one data directory: the REST API under /api/v1 (JSON), the
// web pages and the feeds. It owns a cpp-httplib server and its thread pool of
// ServerConfig::threads threads, each serving one connection at a time for as long as the client
// keeps it alive (server_config.h: how many connections are served at once, and for how long).
//
// Each request reads the index through its own PaperReader (a Xapian reader is not
// thread-safe), opened for it or, for searches, borrowed from a pool and reopened (reader_pool.h);
// either way it sees every commit an import or fetch made since, so the service never needs a
// restart.
// API errors are JSON {"error": {"code", "message"}} with 400 for bad input, 401 without the
// token, 404 for unknown things, 411/413/414/415/429 past the limits (a body must have a
// Content-Length and no compression) and 5xx for failures; nothing the client sends can crash
// the process.
//
// bind()/listen() from one thread; stop() may be called from any thread (a signal-watching
// one included) and waits for requests in flight.
#pragma once

#include <memory>
#include <string>

#include "fetcher/result.h"
#include "server/server_config.h"

namespace arxiv {

class ApiServer {
 public:
  // `config.token` must be set (resolve_token, auth.h) for writes to be possible at all.
  explicit ApiServer(ServerConfig config);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds host:port (port 0: the kernel picks one). kUnavailable when the address is taken.
  Result<int> bind(const std::string& host, int port);
  // Serves until stop(); returns when the server has stopped.
  void listen();
  // True once listen() accepts connections.
  bool running() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arxiv
