#include "fetcher/api_parser.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "fetcher/text.h"
#include "tests/support/test_data.h"

namespace arxiv {
namespace {

namespace fs = std::filesystem;
using testing::files_under;
using testing::read_file;
using testing::shared_data;

fs::path atom_dir() { return shared_data() / "fixtures" / "atom"; }

// The one file of the 2026 golden set whose name starts with `prefix`, as a .body.xml.
fs::path golden(const std::string& prefix) {
  for (const auto& p : files_under(atom_dir() / "arxivpy-2026", ".body.xml")) {
    if (p.filename().string().rfind(prefix, 0) == 0) return p;
  }
  FAIL("no golden file " << prefix);
  return {};
}

ApiPage parse_ok(const std::string& bytes, const std::string& what) {
  auto page = parse_api_response(bytes);
  REQUIRE_MESSAGE(page.ok(), what << ": " << page.error().message);
  return std::move(page).value();
}

ApiPage parse_file(const fs::path& path) { return parse_ok(read_file(path), path.string()); }

bool is_error_feed(const fs::path& path) {
  return path.filename().string().rfind("id_abc_", 0) == 0;
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// Rewrites the body of every <tag>…</tag> with `respace`.
template <typename F>
std::string map_element_text(std::string doc, const std::string& tag, F respace) {
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  for (size_t at = doc.find(open); at != std::string::npos; at = doc.find(open, at + 1)) {
    const size_t begin = at + open.size(), end = doc.find(close, begin);
    REQUIRE(end != std::string::npos);
    doc.replace(begin, end - begin, respace(doc.substr(begin, end - begin)));
  }
  return doc;
}

// Breaks one-line text near every 70 columns with `joint`, as the old API wrapped it.
std::string wrap(std::string text, const std::string& joint) {
  for (size_t at = text.find(' ', 70); at != std::string::npos; at = text.find(' ', at + 70))
    text.replace(at, 1, joint);
  return text;
}

constexpr const char* kNewFeedTag =
    "<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" "
    "xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">";
constexpr const char* kOldFeedTag = "<feed xmlns=\"http://www.w3.org/2005/Atom\">";
const std::string kOldDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
const std::string kNewDecl = "<?xml version='1.0' encoding='UTF-8'?>";

// Removes the whole line holding `needle` from `doc` and returns it.
std::string take_line(std::string& doc, const std::string& needle) {
  const size_t at = doc.find(needle);
  REQUIRE(at != std::string::npos);
  const size_t begin = doc.rfind('\n', at) + 1, end = doc.find('\n', at) + 1;
  std::string line = doc.substr(begin, end - begin);
  doc.erase(begin, end - begin);
  return line;
}

// Inserts `line` before the line holding `anchor`.
void put_line_before(std::string& doc, const std::string& anchor, const std::string& line) {
  const size_t at = doc.find(anchor);
  REQUIRE(at != std::string::npos);
  doc.insert(doc.rfind('\n', at) + 1, line);
}

// Declares `prefix` on every element that uses it, as the old API did.
void declare_inline(std::string& doc, const std::string& prefix, const std::string& uri) {
  const std::string open = "<" + prefix + ":";
  for (size_t at = doc.find(open); at != std::string::npos; at = doc.find(open, at + 1))
    doc.insert(doc.find_first_of(" />", at), " xmlns:" + prefix + "=\"" + uri + "\"");
}

constexpr const char* kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";
constexpr const char* kArxivNs = "http://arxiv.org/schemas/atom";

// The 2016 response as the 2026 API writes it: namespaces on <feed>, single-quoted declaration,
// itemsPerPage first, unwrapped text, primary_category without scheme and moved last.
std::string to_new_format(std::string doc) {
  replace_all(doc, kOldDecl, kNewDecl);
  replace_all(doc, std::string(" xmlns:opensearch=\"") + kOpenSearchNs + "\"", "");
  replace_all(doc, std::string(" xmlns:arxiv=\"") + kArxivNs + "\"", "");
  replace_all(doc, kOldFeedTag, kNewFeedTag);
  put_line_before(doc, "<opensearch:totalResults>", take_line(doc, "<opensearch:itemsPerPage>"));
  std::string primary = take_line(doc, "<arxiv:primary_category");
  replace_all(primary, std::string(" scheme=\"") + kArxivNs + "\"", "");
  put_line_before(doc, "</entry>", primary);
  doc = map_element_text(doc, "title", normalize_whitespace);
  return map_element_text(doc, "summary", normalize_whitespace);
}

// The 2026 response as the old API wrote it: namespaces declared on each element, wrapped text.
std::string to_old_format(std::string doc) {
  replace_all(doc, kNewDecl, kOldDecl);
  replace_all(doc, kNewFeedTag, kOldFeedTag);
  declare_inline(doc, "opensearch", kOpenSearchNs);
  declare_inline(doc, "arxiv", kArxivNs);
  doc = map_element_text(doc, "summary", [](const std::string& s) {
    return "  " + wrap(normalize_whitespace(s), "\n") + "\n";
  });
  return map_element_text(
      doc, "title", [](const std::string& s) { return wrap(normalize_whitespace(s), "\n  "); });
}

// The non-empty fields of `p`, one "name=value" per field, for compact expectations.
std::string fields(const Paper& p) {
  std::string out = "id=" + p.id + "; version=" + std::to_string(p.version);
  auto add = [&out](const char* name, const std::string& value) {
    if (!value.empty()) out += std::string("; ") + name + "=" + value;
  };
  auto join = [](const std::vector<std::string>& items) {
    std::string joined;
    for (const auto& item : items) joined += (joined.empty() ? "" : "|") + item;
    return joined;
  };
  add("title", p.title);
  add("abstract", p.abstract);
  add("authors", join(p.authors));
  add("categories", join(p.categories));
  add("comments", p.comments);
  add("journal_ref", p.journal_ref);
  add("doi", p.doi);
  add("submitted", p.submitted);
  add("updated", p.updated);
  return out;
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

std::string counts(const std::string& per_page, const std::string& total, const std::string& start,
                   const std::string& prefix = "opensearch:") {
  auto element = [&prefix](const std::string& name, const std::string& value) {
    return "<" + prefix + name + ">" + value + "</" + prefix + name + ">";
  };
  return element("itemsPerPage", per_page) + element("totalResults", total) +
         element("startIndex", start);
}

// A new-format feed around `entries`, with the given opensearch elements.
std::string feed(const std::string& entries,
                 const std::string& opensearch = counts("10", "1", "0")) {
  return std::string("<?xml version='1.0' encoding='UTF-8'?>") + kNewFeedTag + opensearch +
         entries + "</feed>";
}

std::string entry(const std::string& body) { return "<entry>" + body + "</entry>"; }

constexpr const char* kId = "<id>http://arxiv.org/abs/2401.01234v2</id>";

TEST_CASE("small malformed feeds and entries are rejected naming the element at fault") {
  struct Case {
    std::string name;
    std::string bytes;
    const char* message_part;
  };
  const Case cases[] = {
      {"empty input", "", "not well-formed XML: 0 root elements"},
      {"blanks", "  \n ", "not well-formed XML: 0 root elements"},
      {"only a declaration", "<?xml version='1.0' encoding='UTF-8'?>", "0 root elements"},
      {"plain text", "Rate exceeded.", "not well-formed XML: text outside the root element"},
      {"an HTML error page", "<html><body><h1>503 Service Unavailable</h1></body></html>",
       "root element is <html>"},
      {"an unclosed feed", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
       "not well-formed"},
      {"a feed outside the Atom namespace", "<feed><entry/></feed>", "expected Atom <feed>"},
      {"an RSS document", "<rss version=\"2.0\"><channel/></rss>", "root element is <rss>"},
      {"a JSON golden wrapper instead of its body",
       read_file(golden("id_1605.08386_").replace_extension("").replace_extension(".json")),
       "not well-formed"},
      {"text before the feed", "{\"body\": \"" + feed("") + "\"}", "text outside the root element"},
      {"junk after the feed", feed("") + "<feed/>", "2 root elements"},
      {"no opensearch counts", feed(entry(kId), ""), "opensearch:totalResults is missing"},
      {"counts in a foreign namespace", feed("", counts("1", "1", "0", "")),
       "opensearch:totalResults is missing"},
      {"a word for totalResults", feed("", counts("1", "lots", "0")),
       "opensearch:totalResults is not a non-negative number: 'lots'"},
      {"a negative startIndex", feed("", counts("1", "3", "-1")),
       "opensearch:startIndex is not a non-negative number: '-1'"},
      {"a fractional itemsPerPage", feed("", counts("1.5", "3", "0")),
       "opensearch:itemsPerPage is not a non-negative number: '1.5'"},
      {"an entry without an id", feed(entry("<title>Lost</title>")),
       "arXiv API entry 1: missing or empty <id>"},
      {"an entry with a non-arXiv id", feed(entry("<id>http://arxiv.org/abs/garbage</id>")),
       "arXiv API entry 1 (http://arxiv.org/abs/garbage): <id>: not an arXiv id"},
      {"a bad second entry", feed(entry(kId) + entry("<id>  </id>")),
       "arXiv API entry 2: missing or empty <id>"},
      {"an impossible published day",
       feed(entry(std::string(kId) + "<published>2024-13-01T00:00:00Z</published>")),
       "(http://arxiv.org/abs/2401.01234v2): <published>: not an ISO 8601 date"},
      {"a wordy updated date", feed(entry(std::string(kId) + "<updated>yesterday</updated>")),
       "<updated>: not an ISO 8601 date: 'yesterday'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto result = parse_api_response(c.bytes);
    REQUIRE(!result.ok());
    CHECK(result.error().code == ErrorCode::kInvalidInput);
    CHECK(result.error().reason.empty());
    CHECK_MESSAGE(result.error().message.find(c.message_part) != std::string::npos,
                  result.error().message);
  }
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

TEST_CASE("error feeds, real and in the old format, carry arXiv's message and reason") {
  struct Case {
    std::string name;
    std::string bytes;
    const char* message;
    const char* reason;
  };
  const Case cases[] = {
      {"the real id_list=abc response", read_file(golden("id_abc_")), "incorrect id format for abc",
       "incorrect_id_format_for_abc"},
      {"old format, inline namespaces",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
       "<opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">1"
       "</opensearch:totalResults><entry><id>http://arxiv.org/api/errors#"
       "incorrect_id_format_for_1234.12345v1</id><title>Error</title><summary>incorrect id "
       "format for 1234.12345v1</summary></entry></feed>",
       "incorrect id format for 1234.12345v1", "incorrect_id_format_for_1234.12345v1"},
      {"an error after a good entry",
       feed(entry(kId) + entry("<id>https://arxiv.org/api/errors#max_results_too_large</id>"
                               "<summary>max_results\n too large</summary>")),
       "max_results too large", "max_results_too_large"},
      {"no fragment and no summary", feed(entry("<id>https://arxiv.org/api/errors</id>")),
       "arXiv API error https://arxiv.org/api/errors", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto result = parse_api_response(c.bytes);
    REQUIRE(!result.ok());
    CHECK(result.error().code == ErrorCode::kInvalidInput);
    CHECK(result.error().message == c.message);
    CHECK(result.error().reason == c.reason);
  }
}

// Files small enough to cut at every byte, and large ones cut at a stride.
struct CutPlan {
  fs::path path;
  size_t stride;
};

TEST_CASE("a real response cut before </feed> is rejected and one cut after it parses whole") {
  const CutPlan plans[] = {
      {atom_dir() / "zoia_id_list_1601.00001_2020-09-04.xml", 1},
      {golden("id_abc_"), 1},
      {golden("id_0000.0000_"), 1},
      {atom_dir() / "arxivpy-2016" / "q_au_del_maestro.xml", 13},
      {atom_dir() / "arxiv-digest_q_all_nicotine_2026-07-17.xml", 17},
      {golden("q_testing_s0_m100_"), 1021},
  };
  size_t cuts = 0;
  for (const CutPlan& plan : plans) {
    CAPTURE(plan.path.string());
    const std::string bytes = read_file(plan.path);
    const size_t end = bytes.rfind("</feed>") + 7;
    const auto whole = parse_api_response(bytes);
    std::vector<size_t> accepted;
    for (size_t n = 0; n < end; n += plan.stride, ++cuts) {
      const auto cut = parse_api_response(std::string_view(bytes).substr(0, n));
      if (cut.ok() || cut.error().code != ErrorCode::kInvalidInput || !cut.error().reason.empty())
        accepted.push_back(n);
    }
    CHECK_MESSAGE(accepted.empty(), accepted.size() << " cuts not rejected, first at "
                                                    << (accepted.empty() ? 0 : accepted.front()));
    for (size_t n = end; n <= bytes.size(); ++n) {
      const auto cut = parse_api_response(std::string_view(bytes).substr(0, n));
      REQUIRE(cut.ok() == whole.ok());
      if (cut.ok()) CHECK(cut->papers == whole->papers);
    }
  }
  CHECK(cuts > 8000);
}

TEST_CASE("removing any one tag of a real response is an error unless the tag was self-closing") {
  for (const fs::path& path : {atom_dir() / "zoia_id_list_1601.00001_2020-09-04.xml",
                               atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml",
                               golden("id_astro-ph_0601001_")}) {
    CAPTURE(path.string());
    const std::string bytes = read_file(path);
    const ApiPage whole = parse_ok(bytes, path.string());
    size_t tags = 0;
    for (size_t at = bytes.find('<'); at != std::string::npos; at = bytes.find('<', at + 1)) {
      const size_t close = bytes.find('>', at);
      REQUIRE(close != std::string::npos);
      const std::string tag = bytes.substr(at, close + 1 - at);
      const bool standalone = tag.ends_with("/>") || tag.starts_with("<?");
      CAPTURE(tag);
      const auto result = parse_api_response(bytes.substr(0, at) + bytes.substr(close + 1));
      if (standalone) {
        REQUIRE(result.ok());
        CHECK(result->papers.size() == whole.papers.size());
      } else {
        REQUIRE(!result.ok());
        CHECK(!result.error().message.empty());
      }
      ++tags;
    }
    CHECK(tags > 40);
  }
}

TEST_CASE("removing a whole required element names it, removing an optional one empties a field") {
  const std::string bytes = read_file(golden("id_0808.05394_1707.08567_"));
  // Cuts the first element spelled `open`…`close` at or after `from` (the first entry by default).
  auto without = [&](const std::string& open, const std::string& close,
                     size_t from = std::string::npos) {
    const size_t at = bytes.find(open, from == std::string::npos ? bytes.find("<entry>") : from);
    REQUIRE(at != std::string::npos);
    return bytes.substr(0, at) + bytes.substr(bytes.find(close, at) + close.size());
  };
  const auto no_id = parse_api_response(without("<id>", "</id>"));
  REQUIRE(!no_id.ok());
  CHECK(no_id.error().message == "arXiv API entry 1: missing or empty <id>");

  const auto no_total =
      parse_api_response(without("<opensearch:totalResults>", "</opensearch:totalResults>", 0));
  REQUIRE(!no_total.ok());
  CHECK(no_total.error().message == "arXiv API feed: opensearch:totalResults is missing");

  const ApiPage whole = parse_ok(bytes, "two-id response");
  REQUIRE(whole.papers.size() == 1);
  CHECK(!whole.papers[0].submitted.empty());
  const ApiPage no_published = parse_ok(without("<published>", "</published>"), "no published");
  REQUIRE(no_published.papers.size() == 1);
  CHECK(no_published.papers[0].submitted.empty());
  CHECK(no_published.papers[0].title == whole.papers[0].title);
  const ApiPage no_primary = parse_ok(without("<arxiv:primary_category", "/>"), "no primary");
  REQUIRE(no_primary.papers.size() == 1);
  CHECK(no_primary.papers[0].categories == whole.papers[0].categories);
}

TEST_CASE("flipped bytes and inserted garbage give an error or a sane page, never a crash") {
  const std::string kGarbage[] = {"<",
                                  ">",
                                  "&",
                                  "&#0;",
                                  "]]>",
                                  "<!--",
                                  "\"",
                                  std::string("\0\xff", 2),
                                  "<entry>",
                                  "</entry>",
                                  "\xef\xbb\xbf",
                                  "<![CDATA["};
  std::mt19937 rng(20260412);
  size_t rejected = 0, accepted = 0;
  for (const fs::path& path :
       {atom_dir() / "zotero-validate_id_list_1706.03762_2026-06-30.xml",
        atom_dir() / "arxivpy-2016" / "q_au_del_maestro.xml", golden("q_testing_s5_m15_")}) {
    CAPTURE(path.string());
    const std::string bytes = read_file(path);
    for (int round = 0; round < 400; ++round) {
      std::string mutated = bytes;
      const size_t at = std::uniform_int_distribution<size_t>(0, bytes.size() - 1)(rng);
      if (round % 2 == 0) {
        for (size_t i = at; i < std::min(at + 1 + round % 3, mutated.size()); ++i)
          mutated[i] = static_cast<char>(rng() & 0xff);
      } else {
        mutated.insert(at, kGarbage[rng() % std::size(kGarbage)]);
      }
      const auto result = parse_api_response(mutated);
      if (!result.ok()) {
        ++rejected;
        CHECK(result.error().code == ErrorCode::kInvalidInput);
        CHECK(!result.error().message.empty());
        continue;
      }
      ++accepted;
      for (const Paper& p : result->papers) {
        CHECK(parse_arxiv_id(p.id).ok());
        CHECK((p.submitted.empty() || is_valid_day(p.submitted)));
        CHECK((p.updated.empty() || is_valid_day(p.updated)));
      }
    }
  }
  CHECK(rejected > 100);
  CHECK(accepted > 100);
}

}  // namespace
}  // namespace arxiv
