#include "tests/server/page_check.h"

#include <doctest/doctest.h>

#include <regex>

#include "index/profile.h"
#include "tests/index/fixture_index.h"

namespace arxiv::testing {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool has(const std::string& body, const std::string& needle) {
  return body.find(needle) != std::string::npos;
}

std::string page(const RunningServer& server, const std::string& path, int status) {
  auto r = server.get(path);
  REQUIRE(r);
  CAPTURE(path);
  CHECK(r->status == status);
  CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
  return r->body;
}

std::string attribute(const std::string& body, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(" " + name + "=\"([^\"]*)\""))) return "";
  return m[1];
}

std::vector<std::string> card_ids(const std::string& body, const std::string& profile) {
  std::vector<std::string> ids;
  const std::regex card("<article class=\"paper\" data-id=\"([^\"]+)\"[^>]* data-profile=\"" +
                        profile + "\"");
  for (std::sregex_iterator it(body.begin(), body.end(), card), end; it != end; ++it)
    ids.push_back((*it)[1]);
  return ids;
}

Digest direct_digest(const std::string& day) {
  auto reader = testing::open_fortnight();
  auto profiles = load_or_create_profiles(testing::fortnight_data_dir());
  REQUIRE(profiles.ok());
  DigestOptions options;
  options.day = day;
  auto digest = build_digest(*reader, profiles.value(), options);
  REQUIRE(digest.ok());
  return std::move(digest).value();
}

}  // namespace arxiv::testing
