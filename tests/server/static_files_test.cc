// GET /static/*: the app's files and Debian's KaTeX with their types, and nothing else.
#include <doctest/doctest.h>
#include <httplib.h>

#include <string>

#include "tests/server/running_server.h"
#include "tests/support/test_data.h"

namespace arxiv {

using testing::fortnight_config;
using testing::RunningServer;

TEST_CASE("static CSS, JavaScript and KaTeX are served with their types, bytes and caching") {
  const ServerConfig config = fortnight_config();
  RunningServer server(config);
  struct Case {
    const char* path;
    std::filesystem::path file;
    const char* type;
  };
  const Case cases[] = {
      {"/static/app.css", config.web_dir / "static/app.css", "text/css; charset=utf-8"},
      {"/static/app.js", config.web_dir / "static/app.js", "text/javascript; charset=utf-8"},
      {"/static/favicon.svg", config.web_dir / "static/favicon.svg", "image/svg+xml"},
      {"/static/katex/katex.min.js", config.katex_dir / "katex.min.js",
       "text/javascript; charset=utf-8"},
      {"/static/katex/katex.min.css", config.katex_dir / "katex.min.css",
       "text/css; charset=utf-8"},
      {"/static/katex/contrib/auto-render.js", config.katex_dir / "contrib/auto-render.js",
       "text/javascript; charset=utf-8"},
      // Debian links KaTeX's fonts/ to /usr/share/fonts/truetype/katex: followed on purpose.
      {"/static/katex/fonts/KaTeX_Main-Regular.woff2",
       config.katex_dir / "fonts/KaTeX_Main-Regular.woff2", "font/woff2"},
      {"/static/katex/fonts/KaTeX_Math-Italic.ttf",
       config.katex_dir / "fonts/KaTeX_Math-Italic.ttf", "font/ttf"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto r = server.get(c.path);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == c.type);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("Cache-Control").rfind("public, max-age=", 0) == 0);
    CHECK(r->body == testing::read_file(c.file));
  }
  // The stylesheet KaTeX's CSS names its fonts relative to is the one served here.
  auto css = server.get("/static/katex/katex.min.css");
  REQUIRE(css);
  CHECK(css->body.find("url(fonts/KaTeX_Main-Regular.woff2)") != std::string::npos);
}

TEST_CASE("paths that leave the static directories, hidden or unknown files get 404") {
  RunningServer server(fortnight_config());
  for (const std::string path : {
           "/static/../CMakeLists.txt",
           "/static/%2e%2e/CMakeLists.txt",
           "/static/%2E%2E/CMakeLists.txt",
           "/static/..%2fCMakeLists.txt",
           "/static/%2e%2e%2fCMakeLists.txt",
           "/static/.%2e/.%2e/CMakeLists.txt",
           "/static/..%5cCMakeLists.txt",
           "/static/%252e%252e/CMakeLists.txt",
           "/static//etc/passwd",
           "/static/katex/../../../../../etc/passwd",
           "/static/katex/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
           "/static/katex/fonts/../../../../../etc/passwd",
           "/static/../templates/digest.mustache",
           "/static/app.css%00.js",
           "/static/./app.css",
           "/static/.hidden.css",
           "/static/",
           "/static/katex/",
           "/static/katex/fonts",
           "/static/nothing-here.css",
           "/static/katex/README.md",
       }) {
    CAPTURE(path);
    auto r = server.get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body.find("cmake_minimum_required") == std::string::npos);
    CHECK(r->body.find("root:") == std::string::npos);
    CHECK(r->body.find("{{> head}}") == std::string::npos);
  }
}

}  // namespace arxiv
