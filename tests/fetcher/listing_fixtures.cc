#include "tests/fetcher/listing_fixtures.h"

#include "tests/support/test_data.h"

namespace arxiv::testing::listing {

const std::filesystem::path kRssFixtures = shared_data() / "fixtures/rss/trimmed";
const std::filesystem::path kLaya =
    kRssFixtures / "laya-reader_rss_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24.xml";
const std::filesystem::path kForge = kRssFixtures / "paper-forge_atom_cs.LG_2026-09-25.xml";

std::filesystem::path replay(const std::string& day) {
  return shared_data() / "replay/rss" / (day + ".xml.gz");
}

std::string rss(const std::string& items, const std::string& channel_date) {
  return "<?xml version='1.0' encoding='UTF-8'?>\n"
         "<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\"><channel>"
         "<title>cs.CV updates on arXiv.org</title>" +
         (channel_date.empty() ? "" : "<pubDate>" + channel_date + "</pubDate>") + items +
         "</channel></rss>";
}

const std::string kPlainItem =
    "<item><title>T</title><link>https://arxiv.org/abs/2503.00001</link>"
    "<description>arXiv:2503.00001v2 Announce Type: replace \nAbstract: A.</description>"
    "<guid isPermaLink=\"false\">oai:arXiv.org:2503.00001v2</guid><category>cs.CV</category>"
    "<arxiv:announce_type>replace</arxiv:announce_type><dc:creator>A B</dc:creator></item>";

}  // namespace arxiv::testing::listing
