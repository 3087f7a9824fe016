// Building request URLs. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace arxiv {

// Percent-encodes `value` as one query parameter: everything outside RFC 3986's unreserved
// characters (letters, digits, '-', '.', '_', '~') is escaped, so OAI tokens ("726959|1001"), sets
// ("cs:cs:LG"), old ids ("math/0309136") and search text survive intact.
std::string url_encode(std::string_view value);

}  // namespace arxiv
