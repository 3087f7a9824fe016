// GET /static/*: the app's CSS, JavaScript and icons from <web_dir>/static, and KaTeX (script,
// stylesheet, fonts, auto-render) from ServerConfig::katex_dir under /static/katex/.
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "server/routes.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;

// Only these types are served: anything else in the directories is not meant for browsers.
const std::map<std::string, std::string>& content_types() {
  static const std::map<std::string, std::string> types = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
  };
  return types;
}

// `relative` under `root`, or nullopt unless every segment is a plain name: no "..", ".",
// empty or hidden segment, no backslash or NUL. httplib has already percent-decoded the path,
// so "%2e%2e" arrives here as ".." too. Checked by name, not by canonical path, because
// Debian's KaTeX links its fonts/ to /usr/share/fonts.
std::optional<fs::path> resolve(const fs::path& root, const std::string& relative) {
  if (relative.empty() || relative.size() > 512) return std::nullopt;
  std::istringstream in(relative);
  std::string segment;
  size_t segments = 0;
  while (std::getline(in, segment, '/')) {
    ++segments;
    if (segment.empty() || segment.front() == '.' ||
        segment.find_first_of(std::string("\\\0", 2)) != std::string::npos)
      return std::nullopt;
  }
  if (segments == 0 || relative.back() == '/') return std::nullopt;
  return root / relative;
}

void not_found(httplib::Response& res) {
  res.status = 404;
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content("not found\n", "text/plain; charset=utf-8");
}

void serve(const ServerConfig& config, const httplib::Request& req, httplib::Response& res) {
  std::string relative = req.matches[1].str();
  fs::path root = config.web_dir / "static";
  // The app's own files change with the checkout; KaTeX only with the Debian package.
  std::string cache = "public, max-age=300";
  const std::string katex = "katex/";
  if (relative.rfind(katex, 0) == 0) {
    root = config.katex_dir;
    relative.erase(0, katex.size());
    cache = "public, max-age=86400";
  }
  const auto path = resolve(root, relative);
  if (!path) return not_found(res);
  auto type = content_types().find(path->extension().string());
  std::error_code ec;
  if (type == content_types().end() || !fs::is_regular_file(*path, ec)) return not_found(res);
  std::ifstream in(*path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return not_found(res);
  res.status = 200;
  res.set_header("Cache-Control", cache);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(bytes.str(), type->second);
}

}  // namespace

void add_static_routes(httplib::Server& http, ServerContext& ctx) {
  http.Get("/static/(.*)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    serve(ctx.config, req, res);
  });
}

}  // namespace arxiv
