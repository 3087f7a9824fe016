// Real feeds and small hand-written documents shared by the listing parser tests.
#pragma once

#include <filesystem>
#include <string>

namespace arxiv::testing::listing {

// The trimmed RSS and Atom captures, and one file of each.
extern const std::filesystem::path kRssFixtures;
extern const std::filesystem::path kLaya;
extern const std::filesystem::path kForge;

// The replay listing of `day`, e.g. "2025-03-18".
std::filesystem::path replay(const std::string& day);

// A minimal rss.arxiv.org RSS 2.0 document around `items`.
std::string rss(const std::string& items,
                const std::string& channel_date = "Tue, 18 Mar 2025 00:00:00 -0400");

// One complete item for such a document: 2503.00001v2, announced as a replacement.
extern const std::string kPlainItem;

}  // namespace arxiv::testing::listing
