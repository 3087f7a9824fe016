// The digest e-mail of one subscriber: the ranked digest of one announcement day (or of each day
// of a week) as a MimeMessage, rendered from the templates mail_text and mail_html of
// <web_dir>/templates.
//
// The message is grouped by the subscribed profiles, in their order. Each profile shows its top N
// papers (one day: in rank order; several days: by score), each with its title, authors, kind,
// categories, the reasons it matched, every subscribed profile that listed it, an excerpt of the
// abstract and its arXiv abstract link; a paper is shown once, under the first profile that shows
// it, and later profiles point to it. Per profile and day, "K more on the web" links to
// <public_url>/?date=D&profile=P when the day's list holds papers the mail leaves out. The
// coverage line sums the days: "Scanned N new and M cross-lists (U updated); K matched your
// profiles", K counting distinct papers in the subscribed profiles' lists. LaTeX in titles,
// authors and abstracts becomes Unicode (latex_to_text) in both parts; the HTML part is plain
// e-mail HTML (tables, inline styles, no script). Headers: Subject
// "arXiv digest 2025-03-25: 12 papers for nas, compositionality" (12 papers shown), a new
// Message-ID at the sender's domain, List-Unsubscribe and List-Unsubscribe-Post (RFC 8058
// one-click) and Auto-Submitted (RFC 3834).
//
// Pure function of its input and the templates; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "fetcher/result.h"
#include "index/day_summary.h"
#include "index/ranker.h"
#include "server/mime_message.h"
#include "server/templates.h"

namespace arxiv {

struct DigestMailInput {
  std::string to;                     // the subscriber's address
  std::string from;                   // "arXiv digest <digest@example.org>"
  std::vector<std::string> profiles;  // subscribed profile names, in the order shown
  // The days the mail covers, oldest first: one for a daily mail, a week's for a weekly one.
  // Each as build_digest returns it (with at least the subscribed profiles).
  std::vector<Digest> digests;
  std::vector<DaySummary> coverage;  // summarize_day of each day of `digests`
  std::string public_url;            // where the service is reachable, "https://triage.example"
  std::string unsubscribe_url;       // the subscriber's one-click (tokenised) address
  size_t top_n = 5;                  // papers per profile
  std::chrono::system_clock::time_point date;  // the Date header
};

// kInvalidInput when there is no day or no profile, top_n is 0, a day has no summary, or the
// public or unsubscribe URL is empty; kInternal when a template is missing or broken. A
// subscribed profile absent from every digest is named in the message, not an error. Addresses
// are checked when the message is rendered (render_message).
Result<MimeMessage> build_digest_message(const DigestMailInput& input, const Templates& templates);

}  // namespace arxiv
