#include "tests/fetcher/oai_fixtures.h"

#include <doctest/doctest.h>

#include "fetcher/text.h"
#include "tests/support/test_data.h"

namespace arxiv::testing::oai {

namespace fs = std::filesystem;

fs::path oai_dir() { return testing::shared_data() / "fixtures" / "oai"; }
fs::path invenio(const std::string& name) { return oai_dir() / "invenio-oaiharvester" / name; }
fs::path paperhive(const std::string& year, const std::string& stem, int exchange) {
  return oai_dir() / "paperhive-oai-pmh" / year /
         ("oaipmh-" + stem + ".resp" + std::to_string(exchange) + ".status200.xml");
}

OaiPage parse_ok(const std::string& bytes, const std::string& what) {
  Result<OaiPage> r = parse_oai_response(bytes);
  REQUIRE_MESSAGE(r.ok(), what << ": " << (r.ok() ? "" : r.error().message));
  return std::move(r).value();
}

void check_paper(const Paper& got, const Expected& want) {
  CAPTURE(want.id);
  CHECK(got.id == want.id);
  CHECK(got.version == want.version);
  CHECK(got.title == want.title);
  CHECK(got.abstract.starts_with(want.abstract_start));
  CHECK(got.abstract.size() > want.abstract_start.size() + 100);
  CHECK(got.authors == want.authors);
  CHECK(got.categories == want.categories);
  CHECK(got.comments == want.comments);
  CHECK(got.journal_ref == want.journal_ref);
  CHECK(got.doi == want.doi);
  CHECK(got.license == want.license);
  CHECK(got.submitted == want.submitted);
  CHECK(got.updated == want.updated);
  CHECK(got.announcements.empty());
}

void check_consistent(const OaiPage& page) {
  size_t live = 0;
  for (const OaiHeader& h : page.headers) {
    CHECK(parse_arxiv_id(h.id).ok());
    CHECK(is_valid_day(h.datestamp));
    if (!h.deleted) ++live;
  }
  CHECK(page.papers.size() <= live);
  for (const Paper& p : page.papers) CHECK(parse_arxiv_id(p.id).ok());
}

}  // namespace arxiv::testing::oai
