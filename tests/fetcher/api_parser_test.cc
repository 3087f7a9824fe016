#include "fetcher/api_parser.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fetcher/text.h"
#include "tests/fetcher/api_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

namespace fs = std::filesystem;
using testing::files_under;
using testing::read_file;
using testing::api::atom_dir;
using testing::api::count_of;
using testing::api::entry;
using testing::api::feed;
using testing::api::fields;
using testing::api::golden;
using testing::api::kId;
using testing::api::parse_ok;
using testing::api::replace_all;
using testing::api::to_new_format;
using testing::api::to_old_format;

ApiPage parse_file(const fs::path& path) { return parse_ok(read_file(path), path.string()); }

bool is_error_feed(const fs::path& path) {
  return path.filename().string().rfind("id_abc_", 0) == 0;
}

TEST_CASE("every real API Atom response parses, with one paper per <entry>") {
  const auto files = files_under(atom_dir(), ".xml");
  REQUIRE(files.size() >= 31);
  size_t parsed = 0, papers = 0;
  for (const auto& path : files) {
    if (is_error_feed(path)) continue;
    CAPTURE(path.string());
    const std::string bytes = read_file(path);
    const ApiPage page = parse_ok(bytes, path.string());
    CHECK(page.papers.size() == count_of(bytes, "<entry>"));
    CHECK(static_cast<long>(page.papers.size()) ==
          std::min(page.items_per_page, page.total_results - page.start_index));
    for (const Paper& p : page.papers) {
      CAPTURE(p.id);
      CHECK(parse_arxiv_id(p.id).ok());
      CHECK(p.version >= 1);
      CHECK(!p.title.empty());
      CHECK(p.title == normalize_whitespace(p.title));
      CHECK(!p.abstract.empty());
      CHECK(p.abstract == normalize_whitespace(p.abstract));
      CHECK(!p.authors.empty());
      CHECK(!p.categories.empty());
      CHECK(is_valid_day(p.submitted));
      CHECK(is_valid_day(p.updated));
      CHECK(p.submitted <= p.updated);
      CHECK(p.announcements.empty());
      CHECK(p.license.empty());
    }
    ++parsed;
    papers += page.papers.size();
  }
  CHECK(parsed == 30);
  CHECK(papers == 270);
}

TEST_CASE("the body of each 2026 JSON golden file parses like its .body.xml sibling") {
  const auto files = files_under(atom_dir() / "arxivpy-2026", ".json");
  REQUIRE(files.size() == 22);
  for (const auto& json_path : files) {
    CAPTURE(json_path.string());
    const auto golden_json = nlohmann::json::parse(read_file(json_path));
    const std::string body = golden_json.at("body").get<std::string>();
    fs::path xml_path = json_path;
    xml_path.replace_extension(".body.xml");
    REQUIRE(body == read_file(xml_path));
    const auto from_json = parse_api_response(body);
    if (is_error_feed(json_path)) {
      CHECK(golden_json.at("status_code") == 400);
      REQUIRE(!from_json.ok());
      CHECK(from_json.error().reason == "incorrect_id_format_for_abc");
      continue;
    }
    CHECK(golden_json.at("status_code") == 200);
    REQUIRE(from_json.ok());
    const ApiPage from_xml = parse_file(xml_path);
    CHECK(from_json->papers == from_xml.papers);
    CHECK(from_json->total_results == from_xml.total_results);
  }
}

TEST_CASE("the zotero-validate entry for Attention Is All You Need has exact fields") {
  const ApiPage page = parse_file(atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml");
  CHECK(page.total_results == 1);
  CHECK(page.start_index == 0);
  CHECK(page.items_per_page == 10);
  REQUIRE(page.papers.size() == 1);
  Paper want;
  want.id = "1706.03762";
  want.version = 7;
  want.title = "Attention Is All You Need";
  want.abstract =
      "The dominant sequence transduction models are based on complex recurrent or "
      "convolutional neural networks in an encoder-decoder configuration. The best performing "
      "models also connect the encoder and decoder through an attention mechanism. We propose a"
      " new simple network architecture, the Transformer, based solely on attention mechanisms,"
      " dispensing with recurrence and convolutions entirely. Experiments on two machine "
      "translation tasks show these models to be superior in quality while being more "
      "parallelizable and requiring significantly less time to train. Our model achieves 28.4 "
      "BLEU on the WMT 2014 English-to-German translation task, improving over the existing "
      "best results, including ensembles by over 2 BLEU. On the WMT 2014 English-to-French "
      "translation task, our model establishes a new single-model state-of-the-art BLEU score "
      "of 41.8 after training for 3.5 days on eight GPUs, a small fraction of the training "
      "costs of the best models from the literature. We show that the Transformer generalizes "
      "well to other tasks by applying it successfully to English constituency parsing both "
      "with large and limited training data.";
  want.authors = {"Ashish Vaswani", "Noam Shazeer",   "Niki Parmar",   "Jakob Uszkoreit",
                  "Llion Jones",    "Aidan N. Gomez", "Lukasz Kaiser", "Illia Polosukhin"};
  want.categories = {"cs.CL", "cs.LG"};
  want.comments = "15 pages, 5 figures";
  want.submitted = "2017-06-12";
  want.updated = "2023-08-02";
  CHECK(page.papers[0] == want);
}

TEST_CASE("an old-format 2016 entry with inline namespaces and wrapped text has exact fields") {
  const ApiPage page = parse_file(atom_dir() / "arxivpy-2016" / "id_list_1111.2011v2.xml");
  CHECK(page.total_results == 1);
  CHECK(page.items_per_page == 10);
  REQUIRE(page.papers.size() == 1);
  Paper want;
  want.id = "1111.2011";
  want.version = 2;
  want.title =
      "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit";
  // Wrapped lines, the two leading spaces and the trailing newline all collapse.
  const std::string& abstract = page.papers[0].abstract;
  CHECK(abstract.rfind("Theoretical description of anisotropic systems, such as layered "
                       "superconductors and coupled spin chains, is often",
                       0) == 0);
  CHECK(
      abstract.ends_with("is similar to adding a single extra dimension to the theory "
                         "describing a single node."));
  CHECK(abstract.size() == 1411);
  want.abstract = abstract;
  want.authors = {"James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"};
  want.categories = {"cond-mat.str-el", "cond-mat.stat-mech"};
  want.comments = "8 pages, 3 figures. Published version";
  want.journal_ref = "Phys. Rev. B 85, 115117 (2012)";
  want.doi = "10.1103/PhysRevB.85.115117";
  want.submitted = "2011-11-08";
  want.updated = "2012-04-02";
  CHECK(page.papers[0] == want);

  // The same entry appears in two other 2016 search responses.
  for (const char* other : {"q_au_del_maestro_ANDNOT_ti_checkerboard_OR_ti_Pyrochlore.xml",
                            "q_au_del_maestro_AND_ti_quantum_criticality.xml"}) {
    const ApiPage search = parse_file(atom_dir() / "arxivpy-2016" / other);
    CHECK(std::count(search.papers.begin(), search.papers.end(), want) == 1);
  }
}

TEST_CASE("old-style ids keep their archive and affiliations are not taken as authors") {
  const ApiPage hep = parse_file(golden("id_hep-ex_0406020v1_"));
  REQUIRE(hep.papers.size() == 1);
  const Paper& p = hep.papers[0];
  CHECK(p.id == "hep-ex/0406020");
  CHECK(p.version == 1);
  CHECK(p.title == "Sparticle Reconstruction at LHC");
  CHECK(p.abstract.rfind("In this report a review of recent studies", 0) == 0);
  CHECK(p.authors == std::vector<std::string>{"Alessia Tricomi"});
  CHECK(p.categories == std::vector<std::string>{"hep-ex"});
  CHECK(p.submitted == "2004-06-07");

  const ApiPage astro = parse_file(golden("id_astro-ph_0601001_"));
  REQUIRE(astro.papers.size() == 1);
  const Paper& a = astro.papers[0];
  CHECK(a.id == "astro-ph/0601001");
  CHECK(a.authors == std::vector<std::string>{"Andrew Gould", "Susan Dorsher", "B. Scott Gaudi",
                                              "Andrzej Udalski"});
  CHECK(a.journal_ref == "ActaAstron.56:1-50,2006");
  // XML escapes in the summary come out as plain characters.
  CHECK(a.abstract.find("following Gould & Morgan (2003)") != std::string::npos);
  CHECK(a.abstract.find("limit of V_max<17.5.") != std::string::npos);

  const ApiPage quant = parse_file(golden("id_quant-ph_0201082v1_"));
  REQUIRE(quant.papers.size() == 1);
  CHECK(quant.papers[0].id == "quant-ph/0201082");
  CHECK(quant.papers[0].version == 1);
}

TEST_CASE("the 100-entry testing page gives 100 papers with DOIs, journal refs and old ids") {
  const ApiPage page = parse_file(golden("q_testing_s0_m100_"));
  CHECK(page.total_results == 214881);
  CHECK(page.start_index == 0);
  CHECK(page.items_per_page == 100);
  REQUIRE(page.papers.size() == 100);

  const Paper& first = page.papers[0];
  CHECK(first.id == "2202.12139");
  CHECK(first.version == 1);
  CHECK(first.title ==
        "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques");
  CHECK(first.authors ==
        std::vector<std::string>{"Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"});
  CHECK(first.categories == std::vector<std::string>{"cs.SE", "cs.LG"});
  CHECK(first.doi == "10.1109/ICSTW55395.2022.00035");
  CHECK(first.journal_ref ==
        "Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on "
        "Software Testing, Verification and Validation Workshops (ICSTW)");
  CHECK(first.comments == "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022");

  CHECK(page.papers[51].id == "cs/0503050");
  CHECK(page.papers[51].title == "Systematic Method for Path-Complete White Box Testing");
  CHECK(page.papers[51].doi.empty());

  const Paper& algebraic = page.papers[81];
  CHECK(algebraic.id == "0804.0970");
  CHECK(algebraic.authors == std::vector<std::string>{"Marie-Claude Gaudel", "Pascale Le Gall"});
  CHECK(algebraic.comments.empty());
  CHECK(algebraic.journal_ref ==
        "Formal Methods and Testing, Springer-Verlag (Ed.) (2008) 209-239");

  const Paper& anarchy = page.papers[88];
  CHECK(anarchy.id == "hep-ph/0301050");
  CHECK(anarchy.version == 2);
  CHECK(anarchy.doi == "10.1016/j.physletb.2003.08.045");
  CHECK(anarchy.journal_ref == "Phys.Lett.B573:94-100,2003");
  CHECK(anarchy.submitted == "2003-01-08");
  CHECK(anarchy.updated == "2003-06-30");

  CHECK(page.papers[99].id == "gr-qc/0103067");
  const auto with_doi = std::count_if(page.papers.begin(), page.papers.end(),
                                      [](const Paper& p) { return !p.doi.empty(); });
  CHECK(with_doi == count_of(read_file(golden("q_testing_s0_m100_")), "<arxiv:doi>"));
}

TEST_CASE("each page of the testing search reports its paging and matches the 100-entry page") {
  struct Case {
    const char* prefix;
    long start;
    long per_page;
    const char* first_id;
  };
  const Case cases[] = {
      {"q_testing_s0_m10_bc5a", 0, 10, "2202.12139"},
      {"q_testing_s0_m10_df96", 0, 10, "2202.12139"},
      {"q_testing_s0_m15_", 0, 15, "2202.12139"},
      {"q_testing_s5_m10_", 5, 10, "1202.4527"},
      {"q_testing_s5_m15_", 5, 15, "1202.4527"},
      {"q_testing_s9_m15_", 9, 15, "1812.11470"},
      {"q_testing_s10_m10_", 10, 10, "2403.16981"},
      {"q_testing_s20_m10_", 20, 10, "2008.01944"},
      {"q_testing_s30_m10_", 30, 10, "2101.12036"},
      {"q_testing_s40_m10_", 40, 10, "1704.08347"},
      {"q_testing_s50_m10_", 50, 10, "1709.03221"},
  };
  const ApiPage all = parse_file(golden("q_testing_s0_m100_"));
  for (const Case& c : cases) {
    CAPTURE(c.prefix);
    const ApiPage page = parse_file(golden(c.prefix));
    CHECK(page.total_results == 214881);
    CHECK(page.start_index == c.start);
    CHECK(page.items_per_page == c.per_page);
    REQUIRE(page.papers.size() == static_cast<size_t>(c.per_page));
    CHECK(page.papers[0].id == c.first_id);
    CHECK(std::equal(page.papers.begin(), page.papers.end(), all.papers.begin() + c.start));
  }
}

TEST_CASE("empty results are successes with a zero total and no papers") {
  for (const char* prefix : {"id_0000.0000_", "id_0808.05394_s0_"}) {
    CAPTURE(prefix);
    const ApiPage page = parse_file(golden(prefix));
    CHECK(page.total_results == 0);
    CHECK(page.start_index == 0);
    CHECK(page.items_per_page == 100);
    CHECK(page.papers.empty());
  }
  const ApiPage two_ids = parse_file(golden("id_0808.05394_1707.08567_"));
  CHECK(two_ids.total_results == 1);
  REQUIRE(two_ids.papers.size() == 1);
  CHECK(two_ids.papers[0].id == "1707.08567");
}

TEST_CASE("the old and new API formats give equal papers for the same response") {
  const std::string old_2016 = read_file(atom_dir() / "arxivpy-2016" / "id_list_1111.2011v2.xml");
  const std::string as_new = to_new_format(old_2016);
  REQUIRE(as_new != old_2016);
  CHECK(as_new.find("xmlns:arxiv", as_new.find("<entry>")) == std::string::npos);
  CHECK(as_new.find("Large\n  Connectivity") == std::string::npos);
  CHECK(as_new.find("<opensearch:itemsPerPage>") < as_new.find("<opensearch:totalResults>"));
  CHECK(as_new.find("<arxiv:primary_category term=\"cond-mat.str-el\"/>\n  </entry>") !=
        std::string::npos);
  const ApiPage from_old = parse_ok(old_2016, "2016 response");
  const ApiPage from_new = parse_ok(as_new, "2016 response rewritten in the new format");
  CHECK(from_new.papers == from_old.papers);
  CHECK(from_new.total_results == from_old.total_results);
  CHECK(from_new.items_per_page == from_old.items_per_page);

  for (const fs::path& path : {atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml",
                               golden("q_testing_s0_m10_bc5a"), golden("id_astro-ph_0601001_")}) {
    CAPTURE(path.string());
    const std::string new_2026 = read_file(path);
    const std::string as_old = to_old_format(new_2026);
    REQUIRE(as_old != new_2026);
    CHECK(as_old.find("<summary>  ") != std::string::npos);
    CHECK(count_of(as_old, "xmlns:arxiv") == count_of(new_2026, "<arxiv:"));
    const ApiPage from_2026 = parse_ok(new_2026, "2026 response");
    const ApiPage from_wrapped = parse_ok(as_old, "2026 response rewritten in the old format");
    CHECK(from_wrapped.papers == from_2026.papers);
    CHECK(from_wrapped.total_results == from_2026.total_results);
  }
}

TEST_CASE("elements are matched by namespace URI whatever prefix the response uses") {
  std::string doc = read_file(atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml");
  const ApiPage want = parse_ok(doc, "zotero response");
  // Prefix every Atom element with "a:" and rename the arXiv prefix to "ax:".
  for (size_t at = doc.find('<'); at != std::string::npos; at = doc.find('<', at + 1)) {
    const size_t name = at + 1 + (doc[at + 1] == '/');
    const size_t end = doc.find_first_not_of("abcdefghijklmnopqrstuvwxyz", name);
    if (end > name && std::string(" />").find(doc[end]) != std::string::npos)
      doc.insert(name, "a:");
  }
  replace_all(doc, "xmlns=\"http://www.w3.org/2005/Atom\"",
              "xmlns:a=\"http://www.w3.org/2005/Atom\"");
  replace_all(doc, "<arxiv:", "<ax:");
  replace_all(doc, "</arxiv:", "</ax:");
  replace_all(doc, "xmlns:arxiv=", "xmlns:ax=");
  REQUIRE(doc.find("<a:entry>") != std::string::npos);
  REQUIRE(doc.find("<ax:comment>") != std::string::npos);
  const ApiPage renamed = parse_ok(doc, "zotero response with other prefixes");
  CHECK(renamed.papers == want.papers);

  // The spelled prefix means nothing when it is bound to another namespace.
  std::string foreign = read_file(atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml");
  replace_all(foreign, "<arxiv:comment>", "<arxiv:comment xmlns:arxiv=\"urn:not-arxiv\">");
  const ApiPage other = parse_ok(foreign, "comment in a foreign namespace");
  REQUIRE(other.papers.size() == 1);
  CHECK(other.papers[0].comments.empty());
  CHECK(other.papers[0].categories == want.papers[0].categories);
}

TEST_CASE("small entries map each Atom and arXiv element to its paper field") {
  const std::string ns = "'http://arxiv.org/schemas/atom'";
  const std::string id = kId;
  const struct {
    std::string name, body, want;
  } cases[] = {
      {"only an id", id, "id=2401.01234; version=2"},
      {"an https id without a version", "<id>https://arxiv.org/abs/2401.01234</id>",
       "id=2401.01234; version=0"},
      {"CDATA and text in one summary", id + "<summary>\n  <![CDATA[a <b> c]]> and\n d </summary>",
       "id=2401.01234; version=2; abstract=a <b> c and d"},
      {"escaped and HTML entities in a title",
       id + "<title>Ising &amp; Potts &amp;ndash; a &lt;review&gt;</title>",
       "id=2401.01234; version=2; title=Ising & Potts \u2013 a <review>"},
      {"primary category written last and repeated",
       id + "<category term='b'/><category term=''/><category term='a'/><category term='b'/>"
            "<arxiv:primary_category term=' a '/>",
       "id=2401.01234; version=2; categories=a|b"},
      {"authors with affiliations and an empty name",
       id + "<author><name> Ada\n Lovelace </name><arxiv:affiliation>London</arxiv:affiliation>"
            "</author><author><name/></author><author><name>Alan Turing</name></author>",
       "id=2401.01234; version=2; authors=Ada Lovelace|Alan Turing"},
      {"arXiv fields declared inline under other prefixes",
       id + "<x:doi xmlns:x=" + ns + ">10.1/x</x:doi><x:comment xmlns:x=" + ns +
           ">3\n  pages</x:comment><y:journal_ref xmlns:y=" + ns + ">J. 1</y:journal_ref>",
       "id=2401.01234; version=2; comments=3 pages; journal_ref=J. 1; doi=10.1/x"},
      {"dates with an offset and without a time",
       id + "<published>2024-01-02</published><updated>2024-02-29T23:59:59-04:00</updated>",
       "id=2401.01234; version=2; submitted=2024-01-02; updated=2024-02-29"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const ApiPage page = parse_ok(feed(entry(c.body)), c.name);
    REQUIRE(page.papers.size() == 1);
    CHECK(fields(page.papers[0]) == c.want);
  }
}

}  // namespace
}  // namespace arxiv
