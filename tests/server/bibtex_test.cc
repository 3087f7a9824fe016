#include "server/bibtex.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "fetcher/api_parser.h"
#include "fetcher/paper_json.h"
#include "index/schema.h"
#include "tests/index/fixture_index.h"
#include "tests/server/bibtex_reader.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

using testing::read_bibtex;
using testing::unescaped;

std::vector<Paper> api_papers(const std::string& file) {
  auto page =
      parse_api_response(testing::read_file(testing::shared_data() / "fixtures" / "atom" / file));
  REQUIRE(page.ok());
  return page->papers;
}

// The entry's fields, failing the test when it does not read as one BibTeX entry.
testing::BibEntry only_entry(const std::string& text) {
  auto entries = read_bibtex(text);
  REQUIRE(entries.has_value());
  REQUIRE(entries->size() == 1);
  return entries->front();
}

// Checks that `entry` cites `paper` as stored.
void check_cites(const testing::BibEntry& entry, const Paper& paper) {
  CAPTURE(paper.id);
  CHECK(entry.type == "misc");
  CHECK(entry.fields.at("eprint") == paper.id);
  CHECK(entry.fields.at("archivePrefix") == "arXiv");
  CHECK(entry.fields.at("url") == "https://arxiv.org/abs/" + paper.id);
  if (!paper.categories.empty()) CHECK(entry.fields.at("primaryClass") == paper.categories[0]);
  CHECK(unescaped(entry.fields.at("title")) == unescaped(paper.title));
  if (paper.authors.empty()) {
    CHECK(entry.fields.count("author") == 0);
    return;
  }
  std::vector<std::string> authors;
  for (const auto& a : paper.authors) authors.push_back(unescaped(a));
  std::vector<std::string> cited;
  for (const auto& a : testing::bib_authors(entry.fields.at("author")))
    cited.push_back(unescaped(a));
  CHECK(cited == authors);
}

}  // namespace

TEST_CASE("field values escape what breaks BibTeX or LaTeX and keep the LaTeX of the title") {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"Fish & Chips", "Fish \\& Chips"},
      {"A 100% solution", "A 100\\% solution"},
      {"Issue #5", "Issue \\#5"},
      {"Already \\& escaped \\%", "Already \\& escaped \\%"},
      {"snake_case outside maths", "snake\\_case outside maths"},
      {"x^2 outside maths", "x\\^{}2 outside maths"},
      {"$x_i^2$ and $\\mathcal{O}(n)$ inside maths", "$x_i^2$ and $\\mathcal{O}(n)$ inside maths"},
      {"Measuring the {\\it Planck} mass", "Measuring the {\\it Planck} mass"},
      {"\\emph{Gaia}: the \\textsc{DR3}", "\\emph{Gaia}: the \\textsc{DR3}"},
      {"the set \\{1, 2\\}", "the set \\{1, 2\\}"},
      {"an unpaired { brace", "an unpaired \\textbraceleft{} brace"},
      {"an unpaired } brace", "an unpaired \\textbraceright{} brace"},
      {"a lone \\{ escaped brace", "a lone \\textbraceleft{} escaped brace"},
      {"} then {", "\\textbraceright{} then \\textbraceleft{}"},
      {"it costs $5", "it costs \\$5"},
      {"$\\alpha$-stable for $5", "$\\alpha$-stable for \\$5"},
      {"a trailing backslash \\", "a trailing backslash \\textbackslash{}"},
      {"Schrödinger, Erdős and 量子", "Schrödinger, Erdős and 量子"},
      {"50% & 20% of {x", "50\\% \\& 20\\% of \\textbraceleft{}x"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(bibtex_escape(c.text) == c.expected);
    // What the escapes say is what the text said.
    CHECK(unescaped(bibtex_escape(c.text)) == unescaped(c.text));
  }
}

TEST_CASE("keys are the first author's last name, the year and the first telling title word") {
  struct Case {
    std::vector<std::string> authors;
    const char* title;
    const char* id;
    const char* submitted;
    const char* key;
  };
  const Case cases[] = {
      {{"Ashish Vaswani", "Noam Shazeer"},
       "Attention Is All You Need",
       "1706.03762",
       "",
       "vaswani2017attention"},
      {{"Thomas Müller"},
       "The Geometry of Loss Landscapes",
       "2503.01234",
       "",
       "muller2025geometry"},
      {{"Thomas M\\\"uller"},
       "The Geometry of Loss Landscapes",
       "2503.01234",
       "",
       "muller2025geometry"},
      {{"Bal\\'azs Szegedy"}, "$\\alpha$-Stable Processes", "2401.00001", "", "szegedy2024stable"},
      {{"Jan Łukasiewicz"},
       "On a Many-Valued Logic",
       "2402.00002",
       "",
       "lukasiewicz2024manyvalued"},
      {{"Søren Ødegård"}, "A Note", "2402.00003", "", "odegard2024note"},
      {{"Anton\\'{\\i}n Dvo\\v{r}\\'ak"}, "Symphonies", "2402.00004", "", "dvorak2024symphonies"},
      {{"Martin Luther King Jr."}, "Dreams", "2402.00005", "", "king2024dreams"},
      {{"J. M. Maldacena"},
       "The Large N Limit of Superconformal Field Theories",
       "hep-th/9711200",
       "",
       "maldacena1997large"},
      {{"A. Smith"},
       "Towards the \\emph{Planck} Mission",
       "2503.00001",
       "2019-05-01",
       "smith2019planck"},
      {{"刘洋"}, "Deep Learning", "2501.00001", "", "arxiv2025deep"},
      {{}, "3D Gaussian Splatting", "2308.04079", "", "arxiv20233d"},
  };
  for (const auto& c : cases) {
    Paper p;
    p.id = c.id;
    p.authors = c.authors;
    p.title = c.title;
    p.submitted = c.submitted;
    CAPTURE(c.title);
    CHECK(bibtex_key(p) == c.key);
  }
}

TEST_CASE("an entry has the fields of arXiv's own BibTeX export") {
  Paper p;
  p.id = "2503.01234";
  p.version = 2;
  p.title = "Costs & Benefits of 100% {Recall}";
  p.authors = {"Ada Lovelace", "Smith and Sons", "Doe, Jr., John", "Zoë Ünal"};
  p.categories = {"cs.LG", "stat.ML"};
  p.doi = "10.1000/a_b%c";
  p.submitted = "2025-03-01";
  const std::string text = bibtex_entry(p);
  CHECK(text ==
        "@misc{lovelace2025costs,\n"
        "  title = {Costs \\& Benefits of 100\\% {Recall}},\n"
        "  author = {Ada Lovelace and {Smith and Sons} and {Doe, Jr., John} and Zoë Ünal},\n"
        "  year = {2025},\n"
        "  eprint = {2503.01234},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.LG},\n"
        "  doi = {10.1000/a_b%c},\n"
        "  url = {https://arxiv.org/abs/2503.01234},\n"
        "}\n");
  const auto entry = only_entry(text);
  CHECK(testing::bib_authors(entry.fields.at("author")).size() == 4);
  check_cites(entry, p);
}

TEST_CASE("a list of entries never repeats a key") {
  Paper a;
  a.id = "2503.00001";
  a.title = "Graph Networks";
  a.authors = {"Li Wei"};
  Paper b = a;
  b.id = "2503.00002";
  Paper c = a;
  c.id = "2503.00003";
  auto entries = read_bibtex(bibtex_entries({a, b, c}));
  REQUIRE(entries.has_value());
  REQUIRE(entries->size() == 3);
  CHECK((*entries)[0].key == "wei2025graph");
  CHECK((*entries)[1].key == "wei2025graphb");
  CHECK((*entries)[2].key == "wei2025graphc");
  CHECK((*entries)[2].fields.at("eprint") == "2503.00003");
}

TEST_CASE("the BibTeX of a real paper from arXiv's API cites it as arXiv does") {
  auto papers = api_papers("zotero-validate_id_list_1706.03762_2026-06-30.xml");
  REQUIRE(papers.size() == 1);
  const auto entry = only_entry(bibtex_entry(papers[0]));
  CHECK(entry.key == "vaswani2017attention");
  CHECK(entry.fields.at("title") == "Attention Is All You Need");
  CHECK(entry.fields.at("year") == "2017");
  CHECK(entry.fields.at("primaryClass") == "cs.CL");
  CHECK(entry.fields.at("author").rfind("Ashish Vaswani and Noam Shazeer and ", 0) == 0);
  check_cites(entry, papers[0]);
}

TEST_CASE("every paper of real API pages and of the fortnight gets an entry BibTeX can read") {
  std::vector<Paper> papers = api_papers("arxivpy-2026/q_testing_s0_m100_cfe7536492ca.body.xml");
  for (const char* file : {"arxivpy-2026/id_astro-ph_0601001_s0_m100_3150dca9dc76.body.xml",
                           "arxivpy-2026/id_hep-ex_0406020v1_s0_m100_84b15d66c0ce.body.xml"}) {
    auto more = api_papers(file);
    papers.insert(papers.end(), more.begin(), more.end());
  }
  auto reader = testing::open_fortnight();
  Xapian::Database& db = reader->database();
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    auto paper = paper_from_json(nlohmann::json::parse(db.get_document(*it).get_data()));
    REQUIRE(paper.ok());
    papers.push_back(std::move(paper).value());
  }
  REQUIRE(papers.size() > 2000);
  const std::string text = bibtex_entries(papers);
  auto entries = read_bibtex(text);
  REQUIRE(entries.has_value());
  REQUIRE(entries->size() == papers.size());
  std::set<std::string> keys;
  size_t with_doi = 0;
  for (size_t i = 0; i < papers.size(); ++i) {
    check_cites((*entries)[i], papers[i]);
    keys.insert((*entries)[i].key);
    if (!papers[i].doi.empty()) {
      ++with_doi;
      CHECK((*entries)[i].fields.at("doi") == papers[i].doi);
    }
    CHECK((*entries)[i].fields.at("year").size() == 4);
  }
  CHECK(keys.size() == papers.size());
  CHECK(with_doi > 0);
  // The old-style id is cited as arXiv writes it, with the year of its first version.
  auto old = std::find_if(papers.begin(), papers.end(),
                          [](const Paper& p) { return p.id == "astro-ph/0601001"; });
  REQUIRE(old != papers.end());
  const auto& cited = (*entries)[static_cast<size_t>(old - papers.begin())];
  CHECK(cited.fields.at("eprint") == "astro-ph/0601001");
  CHECK(cited.fields.at("year") == "2006");
  CHECK(cited.key == "gould2006frequency");
}

}  // namespace arxiv
