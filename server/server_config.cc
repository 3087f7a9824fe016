#include "server/server_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace arxiv {

namespace {

constexpr char kFileName[] = "config.toml";

Error bad_key(const toml::node& node, const std::string& key, const std::string& what) {
  return Error::invalid_input(std::string(kFileName) + ":" +
                              std::to_string(node.source().begin.line) + ": [server] '" + key +
                              "' must be " + what);
}

Status read_key(const std::string& key, const toml::node& node, ServerConfig& c) {
  auto text = [&](auto& out) -> Status {
    if (!node.is_string()) return bad_key(node, key, "a string");
    out = node.as_string()->get();
    return {};
  };
  auto flag = [&](bool& out) -> Status {
    if (!node.is_boolean()) return bad_key(node, key, "true or false");
    out = node.as_boolean()->get();
    return {};
  };
  auto number = [&](double& out, double lo) -> Status {
    const auto v = node.value<double>();
    if (!v || !(*v >= lo)) return bad_key(node, key, "a number >= " + std::to_string(lo));
    out = *v;
    return {};
  };
  if (key == "token") {
    auto s = text(c.token);
    if (s.ok() && c.token.size() < 16) return bad_key(node, key, "at least 16 characters");
    return s;
  }
  if (key == "token_for_reads") return flag(c.token_for_reads);
  if (key == "rate_limit_loopback") return flag(c.rate_limit_loopback);
  if (key == "public_url") return text(c.public_url);
  if (key == "rate_per_second") return number(c.rate_per_second, 0.001);
  if (key == "web_dir" || key == "katex_dir") {
    std::string dir;
    auto s = text(dir);
    (key == "web_dir" ? c.web_dir : c.katex_dir) = dir;
    return s;
  }
  if (key == "rate_burst" || key == "max_body_bytes") {
    const auto v = node.value<int64_t>();
    if (!v || *v < 1 || *v > (int64_t{1} << 30)) return bad_key(node, key, "a positive integer");
    if (key == "rate_burst") c.rate_burst = static_cast<int>(*v);
    if (key == "max_body_bytes") c.max_body_bytes = static_cast<size_t>(*v);
    return {};
  }
  return Error::invalid_input(std::string(kFileName) + ":" +
                              std::to_string(node.source().begin.line) + ": unknown key '" + key +
                              "' in [server]");
}

}  // namespace

Result<ServerConfig> load_server_config(const std::filesystem::path& data_dir,
                                        ServerConfig defaults) {
  defaults.data_dir = data_dir;
  const auto path = data_dir / kFileName;
  std::ifstream in(path);
  if (!in) return defaults;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  toml::table root;
  try {
    root = toml::parse(std::string_view(text), std::string_view(kFileName));
  } catch (const toml::parse_error& e) {
    return Error::invalid_input(std::string(kFileName) + ":" +
                                std::to_string(e.source().begin.line) + ": " +
                                std::string(e.description()));
  }
  const toml::table* server = root["server"].as_table();
  if (!server) return defaults;
  for (const auto& [key, node] : *server) {
    auto s = read_key(std::string(key.str()), node, defaults);
    if (!s.ok()) return s.error();
  }
  return defaults;
}

}  // namespace arxiv
