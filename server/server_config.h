// ServerConfig: how `serve` behaves: where the data, templates and KaTeX live, who may write
// and read, and the request limits. A plain value type. load_server_config() reads the [server]
// table of <data dir>/config.toml; a missing file or table leaves the defaults.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "fetcher/result.h"

namespace arxiv {

struct ServerConfig {
  std::filesystem::path data_dir;
  // web/templates and web/static of the checkout, or of an installation.
  std::filesystem::path web_dir = ARXIV_TRIAGE_WEB_DIR;
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

// Reads [server] from <data_dir>/config.toml over `defaults` (keys: token, token_for_reads,
// rate_per_second, rate_burst, rate_limit_loopback, max_body_bytes, public_url, web_dir,
// katex_dir). kInvalidInput naming file, line and key for a bad value or an unknown key.
Result<ServerConfig> load_server_config(const std::filesystem::path& data_dir,
                                        ServerConfig defaults);

}  // namespace arxiv
