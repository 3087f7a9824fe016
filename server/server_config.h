// ServerConfig: how `serve` behaves: where the data, templates and KaTeX live, who may write
// and read, and the request limits. A plain value type, filled by the `serve` command from its
// options (and so from [serve] in the configuration file, like every command).
//
// Concurrency: cpp-httplib serves each connection on one pool thread for as long as the client
// keeps it alive, so `threads` is both the number of connections served at once and the bound on
// the server's threads. Connections beyond it wait (in the kernel's and the pool's queue) until a
// connection ends: after `keep_alive_requests` requests, or `keep_alive_seconds` idle.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "server/templates.h"

namespace arxiv {

struct ServerConfig {
  std::filesystem::path data_dir;
  // web/templates and web/static of the checkout, or of an installation.
  std::filesystem::path web_dir = default_web_dir();
  std::filesystem::path katex_dir = "/usr/share/javascript/katex";
  // The bearer token writes need. "" until resolve_token() (auth.h) fills it in.
  std::string token;
  // Reads need the token too (off: reads are open, as on a loopback-only install).
  bool token_for_reads = false;
  // Per-client request budget: a bucket of `rate_burst` refilled at `rate_per_second`.
  double rate_per_second = 50;
  int rate_burst = 200;
  // Loopback clients (benchmarks, the local browser) are not rate limited unless this is set.
  bool rate_limit_loopback = false;
  size_t max_body_bytes = 64 * 1024;
  // Threads serving connections; 64 keeps a browser's, a feed reader's and a load test's
  // connections (wrk -c64) all served at once, at about 8 MB of mostly unused stack each.
  int threads = 64;
  // Requests one kept-alive connection may make before the server closes it (the client reopens
  // one), so queued connections get a turn.
  int keep_alive_requests = 1000;
  // How long an idle kept-alive connection holds its thread.
  int keep_alive_seconds = 5;
  // Keep JSON search answers per state of the index, feedback and profiles, as digests are.
  bool cache_searches = true;
  // The address links in feeds and e-mails point at: "http://localhost:8080".
  std::string public_url = "http://localhost:8080";
};

}  // namespace arxiv
