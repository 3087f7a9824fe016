// ApiServer: the HTTP service over one data directory: the REST API under /api/v1 (JSON). It
// owns a cpp-httplib server and its thread pool.
//
// Each request opens its own PaperReader (a Xapian reader is not thread-safe, and a fresh one
// sees every commit an import or fetch made since), so the service never needs a restart.
// Errors are JSON {"error": {"code", "message"}} with 400 for bad input, 404 for unknown things
// and 500/503 for failures; nothing the client sends can crash the process.
//
// start()/stop() may be called from any thread; stop() is safe to call from a signal-watching
// thread and waits for requests in flight.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "fetcher/result.h"

namespace arxiv {

class ApiServer {
 public:
  explicit ApiServer(std::filesystem::path data_dir);
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
