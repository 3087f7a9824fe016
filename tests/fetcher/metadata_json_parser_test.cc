#include "fetcher/metadata_json_parser.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "fetcher/source_file.h"
#include "fetcher/text.h"
#include "tests/fetcher/metadata_json_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

using Strings = std::vector<std::string>;
using testing::metadata_json::daily_dir;
using testing::metadata_json::daily_line;
using testing::metadata_json::kaggle_line;
using testing::metadata_json::kaggle_lines;
using testing::metadata_json::parse_ok;

// Independent of the parser's rule: "archive" or "archive.Subject", archive lower-case.
bool looks_like_arxiv_category(const std::string& c) {
  if (c.empty() || !std::islower(static_cast<unsigned char>(c[0]))) return false;
  for (char ch : c) {
    if (!std::isalpha(static_cast<unsigned char>(ch)) && ch != '-' && ch != '.') return false;
  }
  return true;
}

TEST_CASE("the first Kaggle line 0704.0001 parses with every field exact") {
  const Paper p = parse_ok(kaggle_lines().at(0));
  CHECK(p.id == "0704.0001");
  CHECK(p.version == 2);
  CHECK(p.title ==
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies");
  CHECK(p.authors == Strings{"C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"});
  CHECK(p.categories == Strings{"hep-ph"});
  CHECK(p.comments == "37 pages, 15 figures; published version");
  CHECK(p.journal_ref == "Phys.Rev.D76:013009,2007");
  CHECK(p.doi == "10.1103/PhysRevD.76.013009");
  CHECK(p.license.empty());
  CHECK(p.submitted == "2007-04-02");
  CHECK(p.updated == "2007-07-24");
  CHECK(p.abstract ==
        "A fully differential calculation in perturbative quantum chromodynamics is presented for "
        "the production of massive photon pairs at hadron colliders. All next-to-leading order "
        "perturbative contributions from quark-antiquark, gluon-(anti)quark, and gluon-gluon "
        "subprocesses are included, as well as all-orders resummation of initial-state gluon "
        "radiation valid at next-to-next-to-leading logarithmic accuracy. The region of phase "
        "space is specified in which the calculation is most reliable. Good agreement is "
        "demonstrated with data from the Fermilab Tevatron, and predictions are made for more "
        "detailed tests with CDF and DO data. Predictions are shown for distributions of diphoton "
        "pairs produced at the energy of the Large Hadron Collider (LHC). Distributions of the "
        "diphoton pairs from the decay of a Higgs boson are contrasted with those produced from "
        "QCD processes at the LHC, showing that enhanced sensitivity to the signal can be obtained "
        "with judicious selection of events.");
  CHECK(p.announcements.empty());
}

TEST_CASE("a Kaggle record with a licence, two categories and null journal ref and doi") {
  const Paper p = parse_ok(kaggle_line("0704.0002"));
  CHECK(p.title == "Sparsity-certifying Graph Decompositions");
  CHECK(p.authors == Strings{"Ileana Streinu", "Louis Theran"});
  CHECK(p.categories == Strings{"math.CO", "cs.CG"});
  CHECK(p.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
  CHECK(p.journal_ref.empty());
  CHECK(p.doi.empty());
  CHECK(p.submitted == "2007-03-31");
  CHECK(p.updated == "2008-12-13");
  CHECK(p.abstract.find("$(k,\\ell)$-pebble game") != std::string::npos);
}

TEST_CASE("Kaggle author names carry suffixes, keep single names and drop affiliations") {
  struct Case {
    const char* id;
    Strings authors;
    int version;
    const char* submitted;
    const char* updated;
  };
  const Case cases[] = {
      {"0704.0009",
       {"Paul Harvey", "Bruno Merin", "Tracy L. Huard", "Luisa M. Rebull", "Nicholas Chapman",
        "Neal J. Evans II", "Philip C. Myers"},
       1,
       "2007-04-02",
       "2007-04-02"},
      {"0704.0020", {"The BABAR Collaboration", "B. Aubert"}, 1, "2007-03-31", "2007-03-31"},
      {"0704.0025", {"A. S. Mishchenko", "N. Nagaosa"}, 1, "2007-04-02", "2007-04-02"},
      {"0704.0147",
       {"Sudha", "A. V. Gopala Rao", "A. R. Usha Devi", "A. K. Rajagopal"},
       2,
       "2007-04-02",
       "2007-06-20"},
      {"0704.0163", {"Peter Brommer", "Franz Gähler"}, 1, nullptr, nullptr},
      {"0704.0064", {"R. P. Malik"}, 5, nullptr, "2008-10-24"},
  };
  for (const auto& c : cases) {
    const std::string id = c.id;
    CAPTURE(id);
    const Paper p = parse_ok(kaggle_line(c.id));
    CHECK(p.authors == c.authors);
    CHECK(p.version == c.version);
    if (c.submitted != nullptr) CHECK(p.submitted == c.submitted);
    if (c.updated != nullptr) CHECK(p.updated == c.updated);
  }
  const Paper p = parse_ok(kaggle_line("0704.0009"));
  CHECK(p.title ==
        "The Spitzer c2d Survey of Large, Nearby, Insterstellar Clouds. IX. The Serpens YSO "
        "Population As Observed With IRAC and MIPS");
  CHECK(p.categories == Strings{"astro-ph"});
  CHECK(p.comments.empty());
}

TEST_CASE("without authors_parsed Kaggle authors come from the authors string, LaTeX as written") {
  auto json = nlohmann::json::parse(kaggle_lines().at(0));
  json.erase("authors_parsed");
  Paper p = parse_ok(json.dump());
  CHECK(p.authors == Strings{"C. Bal\\'azs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"});
  json["authors_parsed"] = nlohmann::json::array();
  p = parse_ok(json.dump());
  CHECK(p.authors.size() == 4);
}

TEST_CASE("all 200 Kaggle lines parse and agree with their raw JSON") {
  REQUIRE(kaggle_lines().size() == 200);
  for (const auto& line : kaggle_lines()) {
    const auto raw = nlohmann::json::parse(line);
    const std::string id = raw["id"];
    CAPTURE(id);
    const Paper p = parse_ok(line);
    CHECK(p.id == id);
    CHECK(p.version == static_cast<int>(raw["versions"].size()));
    CHECK(p.authors.size() == raw["authors_parsed"].size());
    const std::string categories = raw["categories"];
    REQUIRE_FALSE(p.categories.empty());
    CHECK(p.categories.size() ==
          static_cast<size_t>(std::count(categories.begin(), categories.end(), ' ') + 1));
    CHECK(p.categories.front() == categories.substr(0, categories.find(' ')));
    CHECK(is_valid_day(p.submitted));
    CHECK(is_valid_day(p.updated));
    CHECK(p.submitted <= p.updated);
    CHECK(p.submitted <= raw["update_date"].get<std::string>());
    CHECK(p.doi == (raw["doi"].is_null() ? "" : clean_text(raw["doi"].get<std::string>())));
    CHECK_FALSE(p.title.empty());
    CHECK_FALSE(p.abstract.empty());
    CHECK(p.title.find('\n') == std::string::npos);
  }
}

TEST_CASE("the daily digest record 2503.11742 parses with exact fields") {
  const Paper p = parse_ok(daily_line("2025-03-18", "2503.11742"));
  CHECK(p.id == "2503.11742");
  CHECK(p.version == 0);
  CHECK(p.title == "Safe Vision-Language Models via Unsafe Weights Manipulation");
  CHECK(p.authors == Strings{"Moreno D'Incà", "Elia Peruzzo", "Xingqian Xu", "Humphrey Shi",
                             "Nicu Sebe", "Massimiliano Mancini"});
  CHECK(p.categories == Strings{"cs.CV", "cs.AI"});
  CHECK(p.comments == "Work in progress");
  CHECK(p.abstract.rfind("Vision-language models (VLMs) often inherit the biases and unsafe "
                         "associations present",
                         0) == 0);
  CHECK(p.abstract.find('\n') == std::string::npos);
  CHECK(p.submitted.empty());
  CHECK(p.updated.empty());
  CHECK(p.journal_ref.empty());
  CHECK(p.announcements.empty());

  const Paper first = parse_ok(daily_line("2025-03-18", "2503.11731"));
  CHECK(first.comments.empty());  // "comment": null
  CHECK(first.authors.size() == 16);
  CHECK(first.categories == Strings{"cs.CV", "cs.RO"});

  // A wrapped comment is joined like any other text.
  CHECK(parse_ok(daily_line("2025-03-20", "2503.14828")).comments ==
        "misinformation, factuality, fact-checking, fact-checkers, check-worthiness, Social Media "
        "Platforms");
}

TEST_CASE("the springkill digest record 2601.10564, keys in another order, parses exactly") {
  const Paper p = parse_ok(daily_line("springkill/2026-01-17", "2601.10564"));
  CHECK(p.id == "2601.10564");
  CHECK(p.title == "Rewriting Systems on Arbitrary Monoids");
  CHECK(p.authors == Strings{"Eduardo Magalhães"});
  CHECK(p.categories == Strings{"cs.FL", "cs.LO", "math.CT"});
  CHECK(p.comments.empty());
  CHECK(p.abstract.rfind("In this paper, we introduce monoidal rewriting systems (MRS), an "
                         "abstraction of string rewriting",
                         0) == 0);
}

TEST_CASE("ACM and MSC classes are dropped from daily categories and arXiv codes kept") {
  struct Case {
    const char* day;
    const char* id;
    Strings categories;
  };
  const Case cases[] = {
      {"2025-03-20", "2503.14828", {"cs.CL", "cs.AI"}},           // "68T50", "I.2; I.2.7"
      {"2025-03-26", "2503.19482", {"cs.CL"}},                    // "I.2.7; I.2.6"
      {"2025-05-29", "2505.21558", {"cs.CV", "cs.AI", "cs.LG"}},  // "na"
      {"2025-07-09", "2507.05822", {"cs.CV"}},                    // "CS", "I.2.10"
      {"2025-08-05", "2508.01712", {"cs.CV", "cs.AI", "cs.MM"}},  // "cs.CV, cs.MM", "I.2.10"
  };
  for (const auto& c : cases) {
    const std::string id = c.id;
    CAPTURE(id);
    CHECK(parse_ok(daily_line(c.day, c.id)).categories == c.categories);
  }
}

TEST_CASE("the category rule keeps arXiv codes of every archive shape and nothing else") {
  struct Case {
    const char* categories;
    Strings expected;
  };
  const Case cases[] = {
      {R"(["cs.LG", "math.OC", "hep-th", "q-bio.NC", "astro-ph.CO"])",
       {"cs.LG", "math.OC", "hep-th", "q-bio.NC", "astro-ph.CO"}},
      {R"(["cond-mat.mes-hall", "physics.ao-ph", "astro-ph", "cond-mat"])",
       {"cond-mat.mes-hall", "physics.ao-ph", "astro-ph", "cond-mat"}},
      {R"(["quant-ph", "gr-qc", "solv-int", "cmp-lg"])",
       {"quant-ph", "gr-qc", "solv-int", "cmp-lg"}},
      {R"(["cs", "math", "hep-th.XX", "cs.", "cs.1", "foo.AI", "CS.AI"])", {}},
      {R"x(["I.2.7", "68T50", "I.2.7; I.2.6", "68T07 (Primary)", "N/A", "na"])x", {}},
      {R"(["stat.ML; cs.LG", "cs.LG", "stat.ML"])", {"stat.ML", "cs.LG"}},
      {R"([])", {}},
  };
  for (const auto& c : cases) {
    const std::string categories = c.categories;
    CAPTURE(categories);
    const std::string line =
        std::string(R"({"id": "2501.00001", "summary": "s", "categories": )") + c.categories + "}";
    CHECK(parse_ok(line).categories == c.expected);
  }
}

// Unoptimised builds parse JSON about ten times slower, so they check a fixed fifth of the distinct
// lines (chosen by hash, the same whichever thread reads them); optimised builds check them all.
#ifdef __OPTIMIZE__
constexpr size_t kDailySampleStride = 1;
#else
constexpr size_t kDailySampleStride = 5;
#endif

// What one worker saw of the daily corpus.
struct DailyTally {
  size_t lines = 0;
  size_t distinct = 0;
  size_t parsed = 0;
  std::vector<std::string> failures;
};

void check_daily_line(const std::string& name, const std::string& line, DailyTally& tally) {
  ++tally.parsed;
  auto p = parse_metadata_json_line(line);
  if (!p.ok()) {
    tally.failures.push_back(name + ": " + p.error().message);
    return;
  }
  if (p->categories.empty() || p->title.empty() || p->authors.empty() || p->abstract.empty())
    tally.failures.push_back(name + ": " + p->id + " lacks categories, title, authors or abstract");
  for (const auto& c : p->categories) {
    if (!looks_like_arxiv_category(c))
      tally.failures.push_back(name + ": " + p->id + " kept category " + c);
  }
}

TEST_CASE("every line of every daily digest file parses with arXiv categories only") {
  std::vector<std::filesystem::path> files;
  for (const char* folder : {"daily-arxiv-ai-enhanced", "daily-arxiv-ai-enhanced-springkill"}) {
    for (auto& path : testing::files_under(daily_dir() / folder, ".jsonl.gz"))
      files.push_back(path);
  }
  REQUIRE(files.size() == 396 + 23);

  // A third of the lines repeat a paper listed on an earlier day byte for byte; parsing is pure, so
  // each distinct line is parsed once. Files are shared out over the cores.
  std::mutex seen_mutex;
  std::unordered_set<size_t> seen;
  std::atomic<size_t> next_file{0};
  auto work = [&](DailyTally& tally) {
    std::string line;
    for (size_t i; (i = next_file++) < files.size();) {
      const std::string name = files[i].filename().string();
      LineReader reader;
      if (Status s = reader.open(files[i].string()); !s.ok()) {
        tally.failures.push_back(s.error().message);
        continue;
      }
      while (reader.next(line)) {
        ++tally.lines;
        const size_t hash = std::hash<std::string>{}(line);
        {
          std::lock_guard lock(seen_mutex);
          if (!seen.insert(hash).second) continue;
        }
        ++tally.distinct;
        if (hash % kDailySampleStride == 0) check_daily_line(name, line, tally);
      }
      if (!reader.status().ok()) tally.failures.push_back(reader.status().error().message);
    }
  };
  std::vector<DailyTally> tallies(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> workers;
  for (auto& tally : tallies) workers.emplace_back(work, std::ref(tally));
  for (auto& worker : workers) worker.join();

  DailyTally total;
  for (const auto& t : tallies) {
    total.lines += t.lines;
    total.distinct += t.distinct;
    total.parsed += t.parsed;
    for (const auto& f : t.failures) FAIL_CHECK(f);
  }
  CHECK(total.lines == 124214);
  CHECK(total.distinct == 78883);
  if (kDailySampleStride == 1) {
    CHECK(total.parsed == total.distinct);
  } else {
    CHECK(total.parsed > total.distinct / kDailySampleStride * 9 / 10);
  }
}

TEST_CASE("a versioned id without a versions list keeps the id's version") {
  const Paper p = parse_ok(R"({"id": "hep-th/9901001v3", "abstract": "  A\n  b. "})");
  CHECK(p.id == "hep-th/9901001");
  CHECK(p.version == 3);
  CHECK(p.abstract == "A b.");
}

}  // namespace
}  // namespace arxiv
