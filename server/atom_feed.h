// The Atom 1.0 feed (RFC 4287) of one profile's ranked digests, for feed readers: one entry per
// paper, at the newest day it was in the digest, newest day first and in rank order within a day.
// Each entry: id https://arxiv.org/abs/<id>v<version>, title, authors, the abstract as summary,
// links to the abstract page (alternate) and the PDF (related) as full_paper_json.h makes them,
// category terms, updated (the digest day), published (first submission, when known) and, as
// content, why it matched. Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "index/profile.h"
#include "index/ranker.h"

namespace arxiv {

struct AtomFeedInput {
  const Profile* profile = nullptr;
  // The profile's digests, newest day first, as build_digest returns them for this profile alone.
  std::vector<Digest> digests;
  // Where the service is reachable, "http://localhost:8080": the feed's id and self link.
  std::string public_url;
  std::string generator_version;
};

// The feed as an XML document (UTF-8). Text is escaped by the XML writer; invalid UTF-8 becomes
// U+FFFD and control characters XML cannot carry are dropped. Precondition: profile != nullptr.
std::string atom_feed(const AtomFeedInput& input);

// Where the feed of profile `name` is served: "/feeds/<name>.atom".
std::string feed_path(const std::string& profile_name);

}  // namespace arxiv
