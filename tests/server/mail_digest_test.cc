// The digest e-mail built from real digests of the fortnight fixture, checked against the
// digests themselves: which papers appear, once each, in both parts; the "more on the web"
// links, the coverage line, the unsubscribe link and headers.
#include "server/mail_digest.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "fetcher/listing_parser.h"
#include "index/day_summary.h"
#include "index/full_paper_json.h"
#include "server/latex_text.h"
#include "server/pages.h"
#include "tests/index/fixture_index.h"
#include "tests/server/page_check.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

using testing::escaped;
using testing::has;

constexpr char kPublic[] = "https://triage.example.org";
constexpr char kUnsubscribe[] = "https://triage.example.org/unsubscribe?token=t0k3n";

const Templates& templates() {
  static const Result<Templates> loaded = Templates::load(ARXIV_TRIAGE_WEB_DIR);
  if (!loaded.ok()) FAIL(loaded.error().message);
  return loaded.value();
}

DigestMailInput input_for(const std::vector<std::string>& days,
                          const std::vector<std::string>& profiles, size_t top_n) {
  DigestMailInput input;
  input.to = "reader@example.com";
  input.from = "arXiv digest <digest@triage.example.org>";
  input.profiles = profiles;
  input.public_url = std::string(kPublic) + "/";
  input.unsubscribe_url = kUnsubscribe;
  input.top_n = top_n;
  auto reader = testing::open_fortnight();
  for (const auto& day : days) {
    input.digests.push_back(testing::direct_digest(day));
    auto summary = summarize_day(*reader, day);
    REQUIRE(summary.ok());
    input.coverage.push_back(summary.value());
  }
  return input;
}

std::vector<std::string> all_profiles(const Digest& digest) {
  std::vector<std::string> names;
  for (const auto& pd : digest.profiles) names.push_back(pd.name);
  return names;
}

MimeMessage build(const DigestMailInput& input) {
  auto message = build_digest_message(input, templates());
  if (!message.ok()) FAIL(message.error().message);
  return std::move(message).value();
}

// Occurrences of `needle` not followed by a digit, so 2503.1234 never counts 2503.12345.
size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    if (end == haystack.size() || !std::isdigit(static_cast<unsigned char>(haystack[end]))) ++n;
  }
  return n;
}

// The text with every run of white space as one space: what a reader sees, whatever the wrapping.
std::string squashed(const std::string& text) {
  return std::regex_replace(text, std::regex(R"(\s+)"), " ");
}

// Characters of a UTF-8 line: the bytes that start one.
size_t columns(const std::string& line) {
  return std::count_if(line.begin(), line.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// The first `n` papers of each profile of each digest.
std::map<std::string, const RankedPaper*> top_papers(const DigestMailInput& input) {
  std::map<std::string, const RankedPaper*> out;
  for (const auto& digest : input.digests)
    for (const auto& pd : digest.profiles)
      for (size_t i = 0; i < pd.papers.size() && i < input.top_n; ++i)
        out.emplace(pd.papers[i].paper.id, &pd.papers[i]);
  return out;
}

}  // namespace

TEST_CASE("a day's mail shows each profile's top N papers once in both parts, and no others") {
  const Digest digest = testing::direct_digest(testing::kPageDay);
  const DigestMailInput input = input_for({testing::kPageDay}, all_profiles(digest), 3);
  const MimeMessage m = build(input);
  const auto top = top_papers(input);
  REQUIRE(top.size() > 8);
  const std::string text = squashed(m.text);
  for (const auto& entry : top) {
    const auto& id = entry.first;
    const auto& ranked = entry.second;
    CAPTURE(id);
    CHECK(count(m.text, abs_url(ranked->paper)) == 1);
    CHECK(count(m.html, "class=\"paper\" data-id=\"" + id + "\"") == 1);
    CHECK(has(text, "* " + latex_to_text(ranked->paper.title)));
    CHECK(has(m.html, escaped(latex_to_text(ranked->paper.title))));
    if (!ranked->matched.empty()) {
      CHECK(has(text, "Why: " + ranked->matched.front()));
      CHECK(has(m.html, escaped(ranked->matched.front())));
    }
  }
  size_t left_out = 0;
  for (const auto& pd : digest.profiles)
    for (const auto& r : pd.papers)
      if (!top.count(r.paper.id)) {
        ++left_out;
        CHECK_FALSE(has(m.text, r.paper.id));
        CHECK_FALSE(has(m.html, r.paper.id));
      }
  CHECK(left_out > 0);
  CHECK(m.subject == "arXiv digest 2025-03-25: " + std::to_string(top.size()) +
                         " papers for nas, compositionality, theoretical-neuroscience, "
                         "disentanglement, sparse-modular");
}

TEST_CASE("every paper of every day's mail says why it is there, in both parts") {
  size_t papers = 0;
  for (const auto& file : testing::fortnight_files()) {
    const std::string day = std::filesystem::path(file).filename().string().substr(0, 10);
    const Digest digest = testing::direct_digest(day);
    if (digest.announced == 0) continue;
    const MimeMessage m = build(input_for({day}, all_profiles(digest), 5));
    // A paper's block runs from its "* " line to its abstract link.
    const std::regex block(R"(\n\* (?!Also matched)[^]*?\n  https://arxiv\.org/abs/(\S+))");
    for (std::sregex_iterator it(m.text.begin(), m.text.end(), block), end; it != end; ++it) {
      ++papers;
      CAPTURE((*it)[1]);
      CHECK(has((*it)[0], "\n  Why: "));
    }
    CHECK(count(m.html, "Why:</span>") == count(m.html, "class=\"paper\" data-id="));
  }
  CHECK(papers > 100);
}

TEST_CASE("a paper in several profiles' lists is shown once, naming every one of them") {
  // The first day of the fortnight on which two profiles' top five share a paper.
  auto reader = testing::open_fortnight();
  auto days = reader->days();
  REQUIRE(days.ok());
  std::string day, shared, first, second;
  for (const auto& d : days.value()) {
    const Digest digest = testing::direct_digest(d.day);
    std::map<std::string, std::string> seen;  // id -> first profile listing it
    for (const auto& pd : digest.profiles)
      for (size_t i = 0; i < pd.papers.size() && i < 5 && day.empty(); ++i) {
        auto [it, fresh] = seen.emplace(pd.papers[i].paper.id, pd.name);
        if (!fresh)
          std::tie(day, shared, first, second) = std::tie(d.day, it->first, it->second, pd.name);
      }
    if (!day.empty()) break;
  }
  REQUIRE_FALSE(day.empty());
  CAPTURE(day);
  CAPTURE(shared);
  const MimeMessage m = build(input_for({day}, {first, second}, 5));
  CHECK(count(m.html, "class=\"paper\" data-id=\"" + shared + "\"") == 1);
  CHECK(count(m.text, "https://arxiv.org/abs/" + shared) == 1);
  const std::string text = squashed(m.text);
  CHECK(has(text, "Matched profiles: " + first + ", " + second));
  CHECK(has(text, "(arXiv:" + shared + ", shown above under " + first + ")"));
  CHECK(has(m.html, "<p class=\"above\" data-id=\"" + shared + "\""));
  // It is shown under the first profile: before the second profile's heading.
  const size_t shown = m.text.find("https://arxiv.org/abs/" + shared);
  const size_t pointer = m.text.find("(arXiv:" + shared + ", shown above");
  CHECK(shown < pointer);
}

TEST_CASE("a profile with more papers than the mail shows links to the rest on the web") {
  const Digest digest = testing::direct_digest(testing::kPageDay);
  const DigestMailInput input = input_for({testing::kPageDay}, all_profiles(digest), 2);
  const MimeMessage m = build(input);
  const std::string text = squashed(m.text);
  size_t linked = 0;
  for (const auto& pd : digest.profiles) {
    CAPTURE(pd.name);
    const std::string url =
        std::string(kPublic) + "/?date=" + testing::kPageDay + "&profile=" + pd.name;
    if (pd.papers.size() <= 2) {
      CHECK_FALSE(has(m.text, url));
      continue;
    }
    ++linked;
    const std::string more =
        std::to_string(pd.papers.size() - 2) + " more on the web for Tuesday 2025-03-25";
    CHECK(has(text, more + ": " + url));
    CHECK(
        has(m.html, "<a href=\"" + escaped(url) + "\" style=\"color:#1a5fb4;\">" + more + "</a>"));
  }
  CHECK(linked > 1);
}

TEST_CASE("the coverage line gives the day's counts and the papers of the subscribed profiles") {
  auto reader = testing::open_fortnight();
  const auto summary = summarize_day(*reader, testing::kPageDay);
  REQUIRE(summary.ok());
  const Digest digest = testing::direct_digest(testing::kPageDay);
  for (const std::vector<std::string>& profiles :
       {all_profiles(digest), std::vector<std::string>{"nas", "sparse-modular"}}) {
    std::set<std::string> matched;
    for (const auto& pd : digest.profiles)
      if (std::find(profiles.begin(), profiles.end(), pd.name) != profiles.end())
        for (const auto& r : pd.papers) matched.insert(r.paper.id);
    const MimeMessage m = build(input_for({testing::kPageDay}, profiles, 3));
    const std::string counts = std::to_string(summary->new_papers) + " new and " +
                               std::to_string(summary->cross) + " cross-lists (" +
                               std::to_string(summary->updated) + " updated); ";
    CHECK(has(squashed(m.text),
              "Scanned " + counts + std::to_string(matched.size()) + " matched your profiles."));
    CHECK(has(m.html, "Scanned <b>" + std::to_string(summary->new_papers) + "</b> new and <b>" +
                          std::to_string(summary->cross) + "</b> cross-lists"));
    CHECK(has(m.html, "<b>" + std::to_string(matched.size()) + "</b> matched your profiles."));
  }
}

TEST_CASE("the mail carries the one-click unsubscribe link in its headers and both parts") {
  const MimeMessage m = build(input_for({testing::kPageDay}, {"nas"}, 3));
  using Header = std::pair<std::string, std::string>;
  CHECK(std::find(m.headers.begin(), m.headers.end(),
                  Header{"List-Unsubscribe", std::string("<") + kUnsubscribe + ">"}) !=
        m.headers.end());
  CHECK(std::find(m.headers.begin(), m.headers.end(),
                  Header{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}) !=
        m.headers.end());
  CHECK(has(m.text, std::string("Unsubscribe: ") + kUnsubscribe));
  CHECK(has(m.html, "<a href=\"" + escaped(kUnsubscribe) + "\""));
  CHECK(m.to == "reader@example.com");
  CHECK(std::regex_match(m.message_id, std::regex("<[0-9a-f]{32}@triage\\.example\\.org>")));
  auto bytes = render_message(m);
  REQUIRE(bytes.ok());
  CHECK(has(bytes.value(), std::string("\r\nList-Unsubscribe: <") + kUnsubscribe + ">\r\n"));
  CHECK(has(bytes.value(), "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
}

TEST_CASE("LaTeX of real titles and abstracts reaches neither part; text keeps to 76 columns") {
  // The fortnight's papers whose title, or the start of whose abstract, holds LaTeX, listed
  // as the first profile's papers of a real digest.
  DigestMailInput input = input_for({testing::kPageDay}, {"nas", "sparse-modular"}, 1000);
  ProfileDigest& planted = input.digests.front().profiles.front();
  REQUIRE(planted.name == "nas");
  planted.papers.clear();
  for (const auto& file : testing::fortnight_files()) {
    auto feed = parse_listing_feed(testing::read_file(file));
    REQUIRE(feed.ok());
    for (const auto& paper : feed->papers)
      if (has(paper.title, "$") || has(paper.title, "\\") ||
          has(paper.abstract.substr(0, 200), "$\\")) {
        RankedPaper r;
        r.paper = paper;
        r.announce_type = "new";
        planted.papers.push_back(r);
      }
  }
  REQUIRE(planted.papers.size() > 10);
  const MimeMessage m = build(input);
  const std::string text = squashed(m.text);
  for (const auto& r : planted.papers) {
    CAPTURE(r.paper.title);
    CHECK(has(text, "* " + latex_to_text(r.paper.title)));
    CHECK(has(m.html, escaped(latex_to_text(r.paper.title))));
  }
  CHECK_FALSE(has(m.text, "$\\"));
  CHECK_FALSE(std::regex_search(m.text, std::regex(R"(\\[A-Za-z])")));
  CHECK_FALSE(has(m.html, "$\\"));
  CHECK_FALSE(has(m.html, "<script"));
  for (const auto& line : testing::lines_of(m.text)) {
    // Only a line without a space to break at (a URL) may be longer.
    if (line.find(' ', line.find_first_not_of(' ')) != std::string::npos)
      CHECK(columns(line) <= 76);
  }
  size_t long_titles = 0;
  for (const auto& r : planted.papers) {
    const std::string title = latex_to_text(r.paper.title);
    if (columns(title) <= 74) continue;
    ++long_titles;
    CHECK_FALSE(has(m.text, "* " + title));  // wrapped, so only whole in the squashed text
  }
  CHECK(long_titles > 0);
}

TEST_CASE("a weekly mail ranks each profile over the week with links per day") {
  const std::vector<std::string> week = {"2025-03-24", "2025-03-25", "2025-03-26", "2025-03-27",
                                         "2025-03-28"};
  const std::vector<std::string> profiles = {"disentanglement", "sparse-modular", "nas"};
  const DigestMailInput input = input_for(week, profiles, 4);
  const MimeMessage m = build(input);
  std::set<std::string> expected;
  std::map<std::string, std::map<std::string, size_t>> left_out;  // profile -> day -> count
  for (const auto& name : profiles) {
    std::vector<std::pair<const RankedPaper*, std::string>> list;
    for (const auto& digest : input.digests)
      for (const auto& pd : digest.profiles)
        if (pd.name == name)
          for (const auto& r : pd.papers) list.emplace_back(&r, digest.day);
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& a, const auto& b) { return a.first->score > b.first->score; });
    for (size_t i = 0; i < list.size(); ++i) {
      if (i < 4) {
        expected.insert(list[i].first->paper.id);
      } else {
        ++left_out[name][list[i].second];
      }
    }
  }
  std::set<std::string> shown;
  const std::regex card("class=\"(?:paper|above)\" data-id=\"([^\"]+)\"");
  for (std::sregex_iterator it(m.html.begin(), m.html.end(), card), end; it != end; ++it)
    shown.insert((*it)[1]);
  CHECK(shown == expected);
  for (const auto& id : expected) CHECK(count(m.text, "https://arxiv.org/abs/" + id) == 1);
  const std::string text = squashed(m.text);
  size_t links = 0;
  for (const auto& [name, per_day] : left_out)
    for (const auto& [day, n] : per_day) {
      ++links;
      CHECK(has(text, std::to_string(n) + " more on the web for " + pages::weekday_name(day) + " " +
                          day + ": " + kPublic + "/?date=" + day + "&profile=" + name));
    }
  CHECK(links > 3);
  size_t fresh = 0, cross = 0;
  for (const auto& s : input.coverage) {
    fresh += s.new_papers;
    cross += s.cross;
  }
  CHECK(has(text, "Scanned " + std::to_string(fresh) + " new and " + std::to_string(cross) +
                      " cross-lists"));
  CHECK(has(text, "over 5 announcement days"));
  CHECK(m.subject == "arXiv digest 2025-03-24 to 2025-03-28: " + std::to_string(expected.size()) +
                         " papers for disentanglement, sparse-modular, nas");
}

TEST_CASE("a subscribed profile that no longer exists is named in the mail") {
  const MimeMessage m = build(input_for({testing::kPageDay}, {"nas", "gone"}, 3));
  CHECK(has(m.text, "No longer among the profiles: gone."));
  CHECK(has(m.html, "No longer among the profiles: gone."));
  CHECK(m.subject.ends_with(" for nas"));
}

TEST_CASE("a digest mail without days, profiles, URLs or coverage is refused") {
  const DigestMailInput good = input_for({testing::kPageDay}, {"nas"}, 3);
  const std::vector<std::function<void(DigestMailInput&)>> mistakes = {
      [](DigestMailInput& in) { in.digests.clear(); },
      [](DigestMailInput& in) { in.profiles.clear(); },
      [](DigestMailInput& in) { in.top_n = 0; },
      [](DigestMailInput& in) { in.coverage.clear(); },
      [](DigestMailInput& in) { in.public_url.clear(); },
      [](DigestMailInput& in) { in.unsubscribe_url.clear(); },
  };
  for (size_t i = 0; i < mistakes.size(); ++i) {
    CAPTURE(i);
    DigestMailInput in = good;
    mistakes[i](in);
    auto m = build_digest_message(in, templates());
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("a missing mail template is an internal error naming it") {
  testing::TempDir web;
  std::filesystem::create_directories(web.path() / "templates");
  std::ofstream(web.path() / "templates" / "mail_text.mustache") << "{{heading}}\n";
  auto partial = Templates::load(web.path());
  REQUIRE(partial.ok());
  auto m = build_digest_message(input_for({testing::kPageDay}, {"nas"}, 3), partial.value());
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == ErrorCode::kInternal);
  CHECK(has(m.error().message, "mail_html"));
}

}  // namespace arxiv
