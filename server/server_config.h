// ServerConfig: how `serve` behaves: where the data, templates and KaTeX live, who may write
// and read, and the request limits. A plain value type, filled by the `serve` command from its
// options (and so from [serve] in the configuration file, like every command).
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
  // The address links in feeds and e-mails point at: "http://localhost:8080".
  std::string public_url = "http://localhost:8080";
};

}  // namespace arxiv
