#include "fetcher/listing_parser.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "fetcher/text.h"
#include "tests/fetcher/listing_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using testing::files_under;
using testing::read_file;
using testing::shared_data;
using testing::listing::kForge;
using testing::listing::kLaya;
using testing::listing::kPlainItem;
using testing::listing::kRssFixtures;
using testing::listing::replay;
using testing::listing::rss;

const Paper* find_paper(const ListingFeed& feed, const std::string& id) {
  auto it = std::find_if(feed.papers.begin(), feed.papers.end(),
                         [&](const Paper& p) { return p.id == id; });
  return it == feed.papers.end() ? nullptr : &*it;
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// What is wrong with a paper from a replay day, "" when nothing is. One string per paper keeps
// 78,736 papers from turning into a million doctest assertions.
std::string replay_problem(const Paper& p, const std::string& day) {
  static const std::set<std::string> kFeedCategories = {"cs.CV", "cs.CL", "cs.AI", "cs.LG"};
  if (p.announcements.size() != 1) return "not exactly one announcement";
  const Announcement& a = p.announcements[0];
  if (a.day != day) return "announced on " + a.day;
  if (p.version != 1 || a.version != 1) return "version is not 1";
  if (p.categories.empty()) return "no categories";
  const AnnounceType expected =
      kFeedCategories.count(p.categories[0]) ? AnnounceType::kNew : AnnounceType::kCross;
  if (a.type != expected) return std::string("announce type ") + announce_type_name(a.type);
  if (p.title.empty() || p.abstract.empty() || p.authors.empty()) return "empty text field";
  if (p.abstract.rfind("arXiv:", 0) == 0 || p.abstract.find("Announce Type") != std::string::npos)
    return "description header left in the abstract";
  if (!p.license.empty() || !p.submitted.empty() || !p.updated.empty())
    return "a field the replay does not carry is set";
  return "";
}

TEST_CASE("every replay day parses, with each paper announced once on the file's day") {
  const auto files = files_under(shared_data() / "replay/rss", ".xml.gz");
  REQUIRE(files.size() == 396);
  size_t papers = 0;
  size_t empty_days = 0;
  size_t problems = 0;
  std::string first_problem;
  std::set<std::string> ids;
  for (const auto& path : files) {
    const std::string day = path.filename().string().substr(0, 10);
    const std::string bytes = read_file(path);
    const Result<ListingFeed> feed = parse_listing_feed(bytes);
    REQUIRE_MESSAGE(feed.ok(), path.string(), ": ", feed.error().message);
    CHECK(feed->title == "cs.CV, cs.CL, cs.AI, cs.LG updates on arXiv.org");
    REQUIRE(feed->day == day);
    REQUIRE(feed->papers.size() == count_of(bytes, "<item>"));
    papers += feed->papers.size();
    if (feed->papers.empty()) ++empty_days;
    for (const Paper& p : feed->papers) {
      std::string problem = replay_problem(p, day);
      if (problem.empty() && !ids.insert(p.id).second) problem = "listed on two days";
      if (!problem.empty() && problems++ == 0) first_problem = day + " " + p.id + ": " + problem;
    }
  }
  CHECK_MESSAGE(problems == 0, first_problem);
  CHECK(papers == 78736);
  CHECK(ids.size() == 78736);
  CHECK(empty_days == 66);
}

TEST_CASE("the first item of the 2025-03-18 replay has its exact fields") {
  const auto feed = parse_listing_feed(read_file(replay("2025-03-18")));
  REQUIRE(feed.ok());
  REQUIRE(feed->papers.size() == 328);
  const Paper& p = feed->papers.front();
  CHECK(p.id == "2503.11731");
  CHECK(p.version == 1);
  CHECK(p.title ==
        "Industrial-Grade Sensor Simulation via Gaussian Splatting: A Modular Framework for "
        "Scalable Editing and Full-Stack Validation");
  CHECK(p.abstract.rfind("Sensor simulation is pivotal for scalable validation", 0) == 0);
  CHECK(p.abstract.size() > 1000);
  CHECK(p.abstract.ends_with(
      "establishing GS as a cornerstone for industrial-grade sensor simulation."));
  CHECK(p.categories == std::vector<std::string>{"cs.CV", "cs.RO"});
  REQUIRE(p.authors.size() == 16);
  CHECK(p.authors.front() == "Xianming Zeng");
  CHECK(p.authors.back() == "Qiang Li");
  CHECK(p.comments.empty());
  CHECK(p.doi.empty());
  CHECK(p.journal_ref.empty());
  CHECK(p.announcements == std::vector<Announcement>{{"2025-03-18", AnnounceType::kNew, 1}});

  const Paper* commented = find_paper(*feed, "2503.11742");
  REQUIRE(commented != nullptr);
  CHECK(commented->comments == "Work in progress");
  CHECK(commented->authors.front() == "Moreno D'Incà");
  const Paper* cross = find_paper(*feed, "2503.11677");
  REQUIRE(cross != nullptr);
  CHECK(cross->categories == std::vector<std::string>{"cs.HC", "cs.CV"});
  CHECK(cross->announcements.at(0).type == AnnounceType::kCross);
}

TEST_CASE("HTML entities in real items are decoded once more and LaTeX is kept as written") {
  const auto march = parse_listing_feed(read_file(replay("2025-03-20")));
  REQUIRE(march.ok());
  const Paper* facts = find_paper(*march, "2503.14797");
  REQUIRE(facts != nullptr);
  CHECK(facts->title.rfind("FACTS&EVIDENCE: An Interactive Tool", 0) == 0);
  const Paper* latex = find_paper(*march, "2503.15457");
  REQUIRE(latex != nullptr);
  CHECK(latex->title ==
        "Di$\\mathtt{[M]}$O: Distilling Masked Diffusion Models into One-step "
        "Generator");
  // The source escaped "&#177;" twice; the XML layer undoes one, clean_text the other.
  const auto october = parse_listing_feed(read_file(replay("2025-10-02")));
  REQUIRE(october.ok());
  const Paper* solar = find_paper(*october, "2510.00797");
  REQUIRE(solar != nullptr);
  CHECK(solar->abstract.find("errors of 6.2% \u00b1 2.8% compared") != std::string::npos);
}

TEST_CASE("the laya-reader RSS capture yields its new, cross and replace items exactly") {
  const auto feed = parse_listing_feed(read_file(kLaya));
  REQUIRE(feed.ok());
  CHECK(feed->title == "cs.LG, cs.AI, cs.CL, stat.ML updates on arXiv.org");
  CHECK(feed->day == "2026-09-24");
  REQUIRE(feed->papers.size() == 4);
  const Paper& first = feed->papers[0];
  CHECK(first.id == "2609.26811");
  CHECK(first.authors == std::vector<std::string>{"Fabien Polly"});
  CHECK(first.license == "http://creativecommons.org/licenses/by-nc-sa/4.0/");
  CHECK(first.abstract.rfind("Local learning trains each layer", 0) == 0);
  const Paper& cross = feed->papers[2];
  CHECK(cross.id == "2205.06398");
  CHECK(cross.version == 2);
  CHECK(cross.title == "Outlier Detection for Multi-Network Data");
  CHECK(cross.doi == "10.1093/bioinformatics/btac431");
  CHECK(cross.categories == std::vector<std::string>{"stat.ME", "stat.AP", "stat.ML"});
  CHECK(cross.authors ==
        std::vector<std::string>{"Pritam Dey", "Zhengwu Zhang", "David B. Dunson"});
  CHECK(cross.license == "http://creativecommons.org/licenses/by-sa/4.0/");
  CHECK(cross.announcements == std::vector<Announcement>{{"2026-09-24", AnnounceType::kCross, 2}});
  const Paper& replace = feed->papers[3];
  CHECK(replace.id == "2009.13987");
  CHECK(replace.doi.empty());
  CHECK(replace.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
  CHECK(replace.announcements ==
        std::vector<Announcement>{{"2026-09-24", AnnounceType::kReplace, 3}});
}

TEST_CASE("the paper-forge Atom capture yields its entries with day, journal ref and DOI") {
  const auto feed = parse_listing_feed(read_file(kForge));
  REQUIRE(feed.ok());
  CHECK(feed->title == "cs.LG updates on arXiv.org");
  CHECK(feed->day == "2026-09-25");
  REQUIRE(feed->papers.size() == 3);
  const Paper& first = feed->papers[0];
  CHECK(first.id == "2609.28553");
  CHECK(first.title.rfind("SMILESGNN: Interpretable Clinical Toxicity Prediction", 0) == 0);
  CHECK(first.abstract.rfind("Drug toxicity prediction is critical", 0) == 0);
  CHECK(first.journal_ref ==
        "2026 International Conference on Multimedia Analysis and Pattern Recognition (MAPR)");
  CHECK(first.doi == "10.1109/MAPR72750.2026.11685822");
  CHECK(first.license == "http://creativecommons.org/licenses/by/4.0/");
  CHECK(first.authors.size() == 6);
  CHECK(first.authors.back() == "Trong Nghia Nguyen");
  CHECK(first.categories == std::vector<std::string>{"cs.LG", "cs.AI"});
  CHECK(first.announcements == std::vector<Announcement>{{"2026-09-25", AnnounceType::kNew, 1}});
  CHECK(feed->papers[1].id == "2402.10149");
  CHECK(feed->papers[1].categories == std::vector<std::string>{"hep-ph", "cs.LG", "hep-ex"});
  CHECK(feed->papers[1].announcements.at(0).type == AnnounceType::kCross);
  CHECK(feed->papers[2].announcements ==
        std::vector<Announcement>{{"2026-09-25", AnnounceType::kReplace, 3}});
  CHECK(feed->papers[2].doi.empty());
}

TEST_CASE("every rss fixture parses into papers with one announcement on the feed's day") {
  const auto files = files_under(kRssFixtures, ".xml");
  REQUIRE(files.size() == 2);
  for (const auto& path : files) {
    const auto feed = parse_listing_feed(read_file(path));
    REQUIRE_MESSAGE(feed.ok(), path.string());
    CHECK(!feed->papers.empty());
    for (const Paper& p : feed->papers) CHECK(p.announced() == feed->day);
  }
}

TEST_CASE("an empty listing day is a success with its day and no papers") {
  const auto real = parse_listing_feed(read_file(replay("2025-03-22")));
  REQUIRE(real.ok());
  CHECK(real->day == "2025-03-22");
  CHECK(real->papers.empty());
  const auto minimal = parse_listing_feed(rss(""));
  REQUIRE(minimal.ok());
  CHECK(minimal->day == "2025-03-18");
}

TEST_CASE("arXiv's error feed for an invalid category fails with reason feed_error") {
  const std::string error_rss =
      "<?xml version='1.0' encoding='UTF-8'?>\n<rss version=\"2.0\"><channel>"
      "<title>Feed error for query: https://rss.arxiv.org/rss/cs.XX</title>"
      "<link>https://rss.arxiv.org/rss/cs.XX</link><description>Invalid archive or category: "
      "cs.XX</description><pubDate>Tue, 18 Mar 2025 00:00:00 -0400</pubDate></channel></rss>";
  const std::string error_atom =
      "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<id>https://rss.arxiv.org/atom/cs.XX</id>"
      "<title>Feed error for query: https://rss.arxiv.org/atom/cs.XX</title>"
      "<subtitle>Invalid archive or category: cs.XX</subtitle>"
      "<updated>2025-03-18T04:00:00+00:00</updated></feed>";
  for (const std::string& doc : {error_rss, error_atom}) {
    const auto feed = parse_listing_feed(doc);
    REQUIRE_FALSE(feed.ok());
    CHECK(feed.error().code == ErrorCode::kInvalidInput);
    CHECK(feed.error().reason == "feed_error");
    CHECK(feed.error().message.find("cs.XX") != std::string::npos);
  }
}

TEST_CASE("real API and OAI-PMH responses are rejected as not listing feeds") {
  std::vector<std::filesystem::path> files = files_under(shared_data() / "fixtures/atom", ".xml");
  for (const auto& oai : files_under(shared_data() / "fixtures/oai/arXivOAIHarvester", ".xml"))
    files.push_back(oai);
  REQUIRE(files.size() > 20);
  for (const auto& path : files) {
    const auto feed = parse_listing_feed(read_file(path));
    REQUIRE_FALSE_MESSAGE(feed.ok(), path.string());
    CHECK(feed.error().code == ErrorCode::kInvalidInput);
    CHECK(feed.error().message.find("not a listing feed") != std::string::npos);
  }
}

TEST_CASE("items are read whatever the prefixes, the element order and the fallbacks used") {
  struct Case {
    const char* name;
    std::string doc;
    const char* id;
    int version;
    AnnounceType type;
    const char* day;
  };
  const std::vector<Case> cases = {
      {"plain item", rss(kPlainItem), "2503.00001", 2, AnnounceType::kReplace, "2025-03-18"},
      {"other prefixes, shuffled order",
       "<rss xmlns:ax='http://arxiv.org/schemas/atom' xmlns:d='http://purl.org/dc/elements/1.1/'>"
       "<channel><item><d:creator>A B</d:creator><ax:announce_type>cross</ax:announce_type>"
       "<guid>oai:arXiv.org:2503.00002v3</guid><pubDate>Wed, 19 Mar 2025 00:00:00 -0400</pubDate>"
       "<title>T</title></item><pubDate>Tue, 18 Mar 2025 00:00:00 -0400</pubDate></channel></rss>",
       "2503.00002", 3, AnnounceType::kCross, "2025-03-19"},
      {"id and type from the description, channel day",
       rss("<item><title>T</title><description>arXiv:2503.00003v4 Announce Type: replace-cross "
           "\nAbstract: A.</description></item>"),
       "2503.00003", 4, AnnounceType::kReplaceCross, "2025-03-18"},
      {"versionless guid takes the description's version",
       rss("<item><guid>oai:arXiv.org:2503.00004</guid><description>arXiv:2503.00004v5 Announce "
           "Type: new \nAbstract: A.</description></item>"),
       "2503.00004", 5, AnnounceType::kNew, "2025-03-18"},
      {"id from the link only",
       rss("<item><title>T</title><link>https://arxiv.org/abs/hep-th/9901001</link></item>"),
       "hep-th/9901001", 0, AnnounceType::kUnknown, "2025-03-18"},
      {"undeclared arxiv prefix still read",
       "<rss><channel><pubDate>Fri, 21 Mar 2025 00:00:00 -0400</pubDate><item>"
       "<guid>oai:arXiv.org:2503.00005v1</guid><arxiv:announce_type>new</arxiv:announce_type>"
       "</item></channel></rss>",
       "2503.00005", 1, AnnounceType::kNew, "2025-03-21"},
      {"Atom entry with a prefixed default namespace",
       "<a:feed xmlns:a='http://www.w3.org/2005/Atom'><a:updated>2025-03-18T04:00:00.1+00:00"
       "</a:updated><a:entry><a:id>oai:arXiv.org:2503.00006v2</a:id><a:summary>arXiv:2503.00006v2 "
       "Announce Type: cross \nAbstract: A.</a:summary></a:entry></a:feed>",
       "2503.00006", 2, AnnounceType::kCross, "2025-03-18"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto feed = parse_listing_feed(c.doc);
    REQUIRE_MESSAGE(feed.ok(), feed.error().message);
    REQUIRE(feed->papers.size() == 1);
    const Paper& p = feed->papers[0];
    CHECK(p.id == c.id);
    CHECK(p.version == c.version);
    CHECK(p.announcements == std::vector<Announcement>{{c.day, c.type, c.version}});
  }
}

TEST_CASE("text fields are cleaned: entities decoded, whitespace normalised, authors split") {
  const auto feed = parse_listing_feed(
      rss("<item><title><![CDATA[Q&amp;A  for $\\alpha$-nets]]></title>"
          "<guid>oai:arXiv.org:2503.00007v1</guid><description>arXiv:2503.00007v1 Announce Type: "
          "new \nAbstract:   Error 6.2% &amp;#177; 2.8%,\n  wrapped.</description>"
          "<dc:creator>Ann Lee, Bo Chen and Cy Dee</dc:creator><dc:creator>Di Eve</dc:creator>"
          "<category>cs.CV</category><category>cs.CV</category><category> cs.LG </category>"
          "<arxiv:DOI> 10.1/x </arxiv:DOI></item>"));
  REQUIRE(feed.ok());
  const Paper& p = feed->papers.at(0);
  CHECK(p.title == "Q&A for $\\alpha$-nets");
  CHECK(p.abstract == "Error 6.2% \u00b1 2.8%, wrapped.");
  CHECK(p.authors == std::vector<std::string>{"Ann Lee", "Bo Chen", "Cy Dee", "Di Eve"});
  CHECK(p.categories == std::vector<std::string>{"cs.CV", "cs.LG"});
  CHECK(p.doi == "10.1/x");
}

}  // namespace
}  // namespace arxiv
