#include "fetcher/oai_parser.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fetcher/text.h"
#include "tests/fetcher/oai_fixtures.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;
using testing::oai::check_consistent;
using testing::oai::check_paper;
using testing::oai::invenio;
using testing::oai::oai_dir;
using testing::oai::paperhive;
using testing::oai::parse_ok;

const std::string kNonexclusive = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/";

OaiPage parse_file(const fs::path& path) { return parse_ok(testing::read_file(path), path); }

const Paper& paper_with_id(const OaiPage& page, const std::string& id) {
  auto it = std::find_if(page.papers.begin(), page.papers.end(),
                         [&](const Paper& p) { return p.id == id; });
  REQUIRE_MESSAGE(it != page.papers.end(), "no paper " << id);
  return *it;
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct ExpectedError {
  std::string reason;
  ErrorCode code;
  std::string server_text;
};

const std::map<std::string, ExpectedError> kErrorFixtures = {
    {"ErrorResponseBadArgument.xml", {"badArgument", ErrorCode::kInvalidInput, "argument 'identi"}},
    {"ErrorResponseBadResumptionToken.xml",
     {"badResumptionToken", ErrorCode::kInvalidInput, "is illegal for this repository"}},
    {"ErrorResponseBadVerb.xml", {"badVerb", ErrorCode::kInvalidInput, "Verb 'wah'"}},
    {"ErrorResponseIdDoesNotExist.xml",
     {"idDoesNotExist", ErrorCode::kNotFound, "oai:arXiv.org:0813.2274"}},
    {"ErrorResponseNoRecordsMatch.xml",
     {"noRecordsMatch", ErrorCode::kNotFound, "The setSpec was 'moo'"}},
    {"sample_empty_response_noRecordsMatch.xml",
     {"noRecordsMatch", ErrorCode::kNotFound, "No records match the paramaters specified"}},
    {"oaipmh-errors-should-reject-malformed-xml-arxiv.resp0.status200.xml",
     {"idDoesNotExist", ErrorCode::kNotFound, "unknown or illegal in this repository"}},
};

TEST_CASE("every real OAI-PMH fixture parses, its records match the file, errors give their code") {
  const std::vector<fs::path> files = testing::files_under(oai_dir(), ".xml");
  REQUIRE(files.size() == 37);
  size_t errors = 0, papers = 0;
  for (const fs::path& path : files) {
    CAPTURE(path);
    const std::string bytes = testing::read_file(path);
    Result<OaiPage> r = parse_oai_response(bytes);
    if (auto expected = kErrorFixtures.find(path.filename()); expected != kErrorFixtures.end()) {
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().reason == expected->second.reason);
      CHECK(r.error().code == expected->second.code);
      CHECK(r.error().message.find(expected->second.server_text) != std::string::npos);
      ++errors;
      continue;
    }
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    check_consistent(*r);
    CHECK(!r->verb.empty());
    CHECK(!r->response_date.empty());
    CHECK(r->headers.size() == count_of(bytes, "<header>"));
    REQUIRE(r->papers.size() == count_of(bytes, "<record>"));
    for (size_t i = 0; i < r->papers.size(); ++i) {
      const Paper& p = r->papers[i];
      CAPTURE(p.id);
      CHECK(r->headers[i].identifier == "oai:arXiv.org:" + p.id);
      CHECK(!p.title.empty());
      CHECK(!p.abstract.empty());
      CHECK(!p.authors.empty());
      CHECK(is_valid_day(p.submitted));
      CHECK(p.updated >= p.submitted);
    }
    papers += r->papers.size();
  }
  CHECK(errors == kErrorFixtures.size());
  CHECK(papers == 229);
}

TEST_CASE("the 503 'Retry after' HTML pages are rejected as not OAI-PMH") {
  const std::vector<fs::path> pages = testing::files_under(oai_dir(), ".status503.html");
  REQUIRE(pages.size() == 3);
  for (const fs::path& path : pages) {
    Result<OaiPage> r = parse_oai_response(testing::read_file(path));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
    CHECK(r.error().reason.empty());
    CHECK(r.error().message == "not an OAI-PMH document: the root element is <html>");
  }
}

TEST_CASE("an arXivRaw GetRecord gives versions, RFC 822 dates and split authors") {
  OaiPage page = parse_file(oai_dir() / "arXivOAIHarvester" / "GetRecordResponse.xml");
  CHECK(page.verb == "GetRecord");
  CHECK(page.metadata_prefix == "arXivRaw");
  CHECK(page.response_date == "2015-01-06T20:48:16Z");
  CHECK_FALSE(page.resumption_token.has_value());
  REQUIRE(page.headers.size() == 1);
  CHECK(page.headers[0].identifier == "oai:arXiv.org:1302.2146");
  CHECK(page.headers[0].id == "1302.2146");
  CHECK(page.headers[0].datestamp == "2013-04-03");
  CHECK(page.headers[0].sets == Strings{"physics:hep-ex", "physics:hep-ph"});
  CHECK_FALSE(page.headers[0].deleted);
  REQUIRE(page.papers.size() == 1);
  check_paper(page.papers[0],
              {.id = "1302.2146",
               .version = 2,
               .title = "The Same-Sign Dilepton Signature of RPV/MFV SUSY",
               .abstract_start = "The lack of observation of superpartners at the Large Hadron",
               .authors = {"Joshua Berger", "Maxim Perelstein", "Michael Saelim", "Philip Tanedo"},
               .categories = {"hep-ph", "hep-ex"},
               .comments = "18 pages, 6 figures; v2: References added",
               .license = kNonexclusive,
               .submitted = "2013-02-08",
               .updated = "2013-04-02"});
  CHECK(page.papers[0].abstract.ends_with("TeV LHC with a 100 fb^-1 data set."));
}

TEST_CASE("an arXivRaw ListRecords page gives six records and the token 726959|1001") {
  OaiPage page = parse_file(oai_dir() / "arXivOAIHarvester" / "ListRecordsResponse.xml");
  CHECK(page.verb == "ListRecords");
  CHECK(page.metadata_prefix == "arXivRaw");
  CHECK(page.resumption_token == "726959|1001");
  CHECK(page.cursor == 0);
  CHECK(page.complete_list_size == 58011);
  Strings ids;
  for (const Paper& p : page.papers) ids.push_back(p.id);
  CHECK(ids ==
        Strings{"0704.0471", "0704.0716", "0704.0874", "0704.1109", "0704.1114", "0704.1586"});
  check_paper(page.papers[0],
              {.id = "0704.0471",
               .version = 1,
               .title = "Density dependence of the symmetry energy and the nuclear equation of "
                        "state: A Dynamical and Statistical model perspective",
               .abstract_start = "The density dependence of the symmetry energy",
               .authors = {"D.V. Shetty", "S.J. Yennello", "G.A. Souliotis"},
               .categories = {"nucl-ex", "nucl-th"},
               .comments = "16 pages, 14 figures",
               .journal_ref = "Phys.Rev.C76:024606,2007; Erratum-ibid.C76:039902,2007",
               .doi = "10.1103/PhysRevC.76.024606 10.1103/PhysRevC.76.039902",
               .submitted = "2007-04-03",
               .updated = "2007-04-03"});
  CHECK(page.papers[0].abstract.find("an extremely \" stiff \" and \" soft \" form") !=
        std::string::npos);
  const Paper& richard = page.papers[1];
  CHECK(richard.version == 4);
  CHECK(richard.submitted == "2007-04-05");
  CHECK(richard.updated == "2008-11-14");
  CHECK(richard.comments.ends_with("v3 changes in some proofs; v4 slightly expanded"));
  CHECK(page.papers[3].authors == Strings{"Valeria M. Rosa", "Patricio S. letelier"});
  CHECK(page.papers[5].title ==
        "Core excitation in the elastic scattering and breakup of $^{11}$Be on protons");
}

TEST_CASE("the invenio arXiv-format ListRecords for set cs has 46 records and no token") {
  OaiPage page = parse_file(invenio("sample_arxiv_response_listrecords_cs.xml"));
  CHECK(page.verb == "ListRecords");
  CHECK(page.metadata_prefix == "arXiv");
  CHECK(page.response_date == "2016-01-18T15:33:12Z");
  CHECK(page.headers.size() == 46);
  REQUIRE(page.papers.size() == 46);
  CHECK_FALSE(page.resumption_token.has_value());
  CHECK_FALSE(page.cursor.has_value());
  check_paper(page.papers.front(),
              {.id = "1101.4388",
               .title = "Reproducing Kernel Banach Spaces with the l1 Norm",
               .abstract_start = "Targeting at sparse learning, we construct Banach spaces B",
               .authors = {"Guohui Song", "Haizhang Zhang", "Fred J. Hickernell"},
               .categories = {"stat.ML", "cs.LG", "math.FA"},
               .comments = "28 pages, an extra section was added",
               .journal_ref = "Appl. Comput. Harmon. Anal., 34:96-116, 2013",
               .doi = "10.1016/j.acha.2012.03.009",
               .license = kNonexclusive,
               .submitted = "2011-01-23",
               .updated = "2012-03-28"});
  CHECK(page.papers.back().title ==
        "Time-Varying Input and State Delay Compensation for Uncertain Nonlinear Systems");
  CHECK(paper_with_id(page, "1111.1546").authors == Strings{"Tobias Brunsch", "Heiko Röglin"});
  CHECK(paper_with_id(page, "1207.1019").authors ==
        Strings{"Emilie Morvant", "Amaury Habrard", "Stéphane Ayache"});

  OaiPage physics = parse_file(invenio("sample_arxiv_response_listrecords_physics.xml"));
  CHECK(physics.papers.size() == 150);
  const Paper& barboza = paper_with_id(physics, "1501.03491");
  CHECK(barboza.authors == Strings{"Edésio M. Barboza Jr.", "Rafael C. Nunes",
                                   "Éverton M. C. Abreu", "Jorge Ananias Neto"});
  CHECK(paper_with_id(physics, "1409.3433").authors == Strings{"ATLAS Collaboration"});
}

TEST_CASE("the new 2026 OAI-PMH service's page keeps three-level setSpecs and decodes &#39;") {
  OaiPage page =
      parse_file(oai_dir() / "new-oaipmh-2026" /
                 "agentgraph_ListRecords_arXiv_set_physics-physics-plasm-ph_2026-09-20.xml");
  CHECK(page.verb == "ListRecords");
  CHECK(page.metadata_prefix == "arXiv");
  CHECK(page.response_date == "2026-09-20T05:54:30Z");
  CHECK_FALSE(page.resumption_token.has_value());
  REQUIRE(page.headers.size() == 3);
  CHECK(page.headers[0].sets == Strings{"physics:physics:atom-ph", "physics:physics:optics",
                                        "physics:physics:plasm-ph", "physics:quant-ph"});
  CHECK(page.headers[1].sets[1] == "physics:cond-mat:soft");
  REQUIRE(page.papers.size() == 3);
  check_paper(page.papers[0],
              {.id = "2504.11237",
               .title = "Periodic table for highly charged ions",
               .abstract_start = "Mendeleev's periodic table successfully groups atomic elements",
               .authors = {"Chunhai Lyu", "Christoph H. Keitel", "Zoltán Harman"},
               .categories = {"physics.atom-ph", "physics.optics", "physics.plasm-ph", "quant-ph"},
               .comments = "5 pages",
               .journal_ref = "Phys. Rev. Research 7, L042071 (2025)",
               .doi = "10.1103/bppp-53g1",
               .license = "http://creativecommons.org/publicdomain/zero/1.0/",
               .submitted = "2025-04-15",
               .updated = "2026-01-05"});
  CHECK(page.papers[0].abstract.find("``Coulomb splittings'' between") != std::string::npos);
  REQUIRE(page.papers[2].authors.size() == 12);
  CHECK(page.papers[2].authors[8] == "D. O'Donnell");
}

TEST_CASE("oai_dc records turn 'Keyname, Forenames' around and split descriptions") {
  OaiPage page = parse_file(invenio("sample_oai_dc_response.xml"));
  CHECK(page.verb == "GetRecord");
  CHECK(page.metadata_prefix == "oai_dc");
  REQUIRE(page.papers.size() == 1);
  const Paper& dc = page.papers[0];
  check_paper(dc, {.id = "1507.03011",
                   .title = "The Distribution of Star Formation and Metals in the Low Surface "
                            "Brightness Galaxy UGC 628",
                   .abstract_start = "We introduce the MUSCEL Program (MUltiwavelength",
                   .authors = {"J. E. Young", "Rachel Kuzio de Naray", "Sharon X. Wang"},
                   .comments = "13 pages, 7 figures",
                   .submitted = "2015-07-10",
                   .updated = "2015-07-10"});
  // The same paper in the arXiv format, whose file holds a literal "\n" in its text: it is left
  // as written, since a backslash may start LaTeX.
  OaiPage arxiv = parse_file(invenio("sample_arxiv_response.xml"));
  REQUIRE(arxiv.papers.size() == 1);
  CHECK(arxiv.papers[0].authors == dc.authors);
  CHECK(arxiv.papers[0].comments == dc.comments);
  CHECK(arxiv.papers[0].submitted == dc.submitted);
  CHECK(arxiv.papers[0].categories == Strings{"astro-ph.GA"});
  CHECK(arxiv.papers[0].title.find("Low Surface\\n Brightness") != std::string::npos);

  OaiPage utf8 = parse_file(invenio("sample_arxiv_response_utf8.xml"));
  REQUIRE(utf8.papers.size() == 1);
  CHECK(utf8.papers[0].authors == Strings{"Emilie Morvant", "Amaury Habrard", "Stéphane Ayache"});
  CHECK(utf8.papers[0].comments == "7 pages, Research report");
  CHECK(utf8.headers[0].sets == Strings{"cs", "stat"});
}

TEST_CASE("the bare oai_dc ListRecords corpus parses all 2000 records with dois and journal refs") {
  OaiPage page = parse_file(testing::shared_data() / "corpus" / "oai-records" /
                            "rocksonchang_quant-ph_oai_dc_2000records.xml.gz");
  CHECK(page.verb.empty());
  CHECK(page.response_date.empty());
  CHECK(page.metadata_prefix == "oai_dc");
  CHECK(page.headers.size() == 2000);
  REQUIRE(page.papers.size() == 2000);
  check_consistent(page);
  std::set<std::string> ids;
  size_t with_doi = 0;
  for (const Paper& p : page.papers) {
    ids.insert(p.id);
    CHECK(p.categories.empty());  // its subjects are names ("Quantum Physics"), never codes
    CHECK(!p.comments.starts_with("Comment:"));
    with_doi += p.doi.empty() ? 0 : 1;
  }
  CHECK(ids.size() == 1000);  // the upstream file holds its 1000 records twice
  CHECK(with_doi == 2 * 715);
  check_paper(paper_with_id(page, "0707.1829"),
              {.id = "0707.1829",
               .title = "Dirac equation: Representation independence and tensor transformation",
               .abstract_start = "We define and study the probability current",
               .authors = {"Mayeul Arminjon", "Frank Reifler"},
               .comments = "28 pages, standard LaTeX. v3: matches version accepted in the "
                           "Brazilian Journal of Physics: minor wording improvements, refs "
                           "updated. v2: Intro and Conclusion improved (novelty more emphasized). "
                           "Uniqueness and positive definiteness extended to any admissible "
                           "affine coordinates. 10 new refs",
               .journal_ref = "Braz.J.Phys.38:248-258,2008",
               .doi = "10.1590/S0103-97332008000200007",
               .submitted = "2007-07-12",
               .updated = "2008-04-10"});
  const Paper& csiszar = paper_with_id(page, "0704.0046");
  CHECK(csiszar.authors == Strings{"I. Csiszar", "F. Hiai", "D. Petz"});
  CHECK(csiszar.journal_ref == "J. Math. Phys. 48(2007), 092102.");
  const Paper& two_dois = paper_with_id(page, "0706.4075");
  CHECK(two_dois.doi == "10.1063/1.2827330 10.1007/s10701-009-9398-2");
  CHECK(two_dois.journal_ref == "AIP Conf.Proc.962:339-343,2007; Found.Phys.40:313-332,2010");
  CHECK(paper_with_id(page, "0706.0020").authors ==
        Strings{"Louis H. Kauffman", "Samuel J. Lomonaco Jr"});
  CHECK(paper_with_id(page, "0706.1641").authors[1] == "Ladislav Mišta Jr.");
}

TEST_CASE("the 2016 ListIdentifiers pages give token 1083072|10001, then an empty final token") {
  const std::string stem = "listidentifiers---should-list-identifiers-from-arxiv";
  OaiPage first = parse_file(paperhive("2016", stem, 0));
  CHECK(first.verb == "ListIdentifiers");
  CHECK(first.metadata_prefix == "arXiv");
  CHECK(first.papers.empty());
  REQUIRE(first.headers.size() == 3);
  CHECK(first.headers[0].id == "1412.8532");
  CHECK(first.headers[0].datestamp == "2015-01-05");
  CHECK(first.headers[2].sets == Strings{"cs", "physics:physics"});
  CHECK(first.resumption_token == "1083072|10001");
  CHECK(first.cursor == 0);
  CHECK(first.complete_list_size == 5);

  OaiPage last = parse_file(paperhive("2016", stem, 2));
  CHECK(last.verb == "ListIdentifiers");
  CHECK(last.metadata_prefix.empty());
  REQUIRE(last.headers.size() == 2);
  CHECK(last.headers[1].id == "1501.05751");
  CHECK(last.headers[1].sets == Strings{"q-fin"});
  CHECK(last.resumption_token == "");
  CHECK(last.cursor == 3);
  CHECK(last.complete_list_size == 5);
}

TEST_CASE("a paperhive ListRecords page keeps an old-style id and its LaTeX") {
  OaiPage page =
      parse_file(paperhive("2016", "listrecords---should-list-identifiers-from-arxiv", 1));
  REQUIRE(page.papers.size() == 2);
  CHECK(page.headers[1].identifier == "oai:arXiv.org:hep-th/9504118");
  check_paper(page.papers[1], {.id = "hep-th/9504118",
                               .title = "Discrete Mathematics and Physics on the Planck-Scale",
                               .abstract_start = "Starting from the hypothesis that both physics",
                               .authors = {"M. Requardt"},
                               .categories = {"hep-th"},
                               .comments = "21 pages, Latex",
                               .submitted = "1995-04-24",
                               .updated = "1995-04-24"});
  CHECK(page.papers[1].abstract.find("'{\\it cellular network}'") != std::string::npos);
  CHECK(page.papers[1].abstract.find("the \"strength\" of the bonds") != std::string::npos);
}

TEST_CASE("Identify, ListSets and ListMetadataFormats responses succeed with no records") {
  const std::vector<std::pair<fs::path, std::string>> cases = {
      {paperhive("2016", "identify---should-identify-arxiv", 0), "Identify"},
      {paperhive("2018", "listsets---should-list-arxiv-sets", 0), "ListSets"},
      {paperhive("2020", "listsets---should-list-arxiv-sets-single-result", 0), "ListSets"},
      {paperhive("2016",
                 "listmetadataformats---should-list-metadata-formats-for-arxiv-id-1208-0264", 0),
       "ListMetadataFormats"},
  };
  for (const auto& [path, verb] : cases) {
    OaiPage page = parse_file(path);
    CHECK(page.verb == verb);
    CHECK(page.headers.empty());
    CHECK(page.papers.empty());
    CHECK_FALSE(page.resumption_token.has_value());
  }
}

TEST_CASE("the namespaced and namespace-free copies of one record give the same paper") {
  OaiPage with = parse_file(invenio("sample_arxiv_response_with_namespace.xml"));
  OaiPage without = parse_file(invenio("sample_arxiv_response_no_namespace.xml"));
  REQUIRE(with.papers.size() == 1);
  REQUIRE(without.papers.size() == 1);
  CHECK(with.papers[0] == without.papers[0]);
  CHECK(without.metadata_prefix == "arXiv");
  CHECK(without.papers[0].title == "Object Re-Use & Exchange: A Resource-Centric Approach");
  CHECK(without.papers[0].authors[1] == "Herbert Van de Sompel");
  CHECK(without.papers[0].categories == Strings{"cs.DL", "cs.NI"});
}

}  // namespace
}  // namespace arxiv
