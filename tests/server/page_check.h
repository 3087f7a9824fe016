// Helpers for tests of the web pages: fetching a page as HTML and finding things in it.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "index/ranker.h"
#include "tests/server/running_server.h"

namespace arxiv::testing {

// The announcement day most page tests look at (a busy Tuesday of the fortnight).
inline constexpr char kPageDay[] = "2025-03-25";

// `text` as mustache writes it into HTML (& < > " ' escaped).
std::string escaped(const std::string& text);
bool has(const std::string& body, const std::string& needle);
// The body of `path`; fails the test unless it came with `status` as text/html.
std::string page(const RunningServer& server, const std::string& path, int status = 200);
// The value of attribute `name` on the first element carrying it; "" when none does.
std::string attribute(const std::string& body, const std::string& name);
// The ids of the paper cards of `profile`, in page order.
std::vector<std::string> card_ids(const std::string& body, const std::string& profile);
// The digest of `day` over the fortnight fixture, built directly (no feedback).
Digest direct_digest(const std::string& day);

}  // namespace arxiv::testing
