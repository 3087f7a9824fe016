// Real replay listings dressed as the feeds rss.arxiv.org would serve today, for end-to-end tests
// of `fetch` against FakeArxivServer. Pure functions apart from reading the shared data and the
// clock; a replay file that cannot be read fails the test.
#pragma once

#include <string>
#include <vector>

namespace arxiv::testing {

// The listing day `fetch` asks for now (the calendar's latest due day, default grace).
std::string due_listing_day();

// "2025-03-25" -> "Tue, 25 Mar 2025", the form rss.arxiv.org dates its listings with.
std::string rfc822_day(const std::string& day);

// The replay listing of `replay_day` (shared_data()/replay/rss), every date of that day in it
// changed to `day`.
std::string replay_listing_dated(const std::string& replay_day, const std::string& day);

// The paths `fetch` requests with the default profiles ("/rss/cs.LG+cs.NE", ...), in order.
std::vector<std::string> default_feed_paths();

}  // namespace arxiv::testing
