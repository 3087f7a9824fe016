// Bad input on every command of the real binary, and hostile or damaged files given to `import`:
// each input is a table row below, and each must end in a non-zero exit with a message naming it,
// never a crash, and store nothing (bad_input_fixture.h compares the stores before and after).
#include <doctest/doctest.h>

#include <string>

#include "tests/e2e/bad_input_fixture.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace fs = std::filesystem;
using nlohmann::json;

TEST_SUITE("bad_input") {
  TEST_CASE("every command refuses bad arguments with a message naming them and stores nothing") {
    const Library& lib = library();
    TempDir files;
    const fs::path labels = files.path() / "labels";
    fs::create_directories(labels);
    write_bytes(labels / "nas.tsv", lib.paper + "\t2\n");
    const fs::path bad_labels = files.path() / "bad-labels";
    fs::create_directories(bad_labels);
    write_bytes(bad_labels / "nas.tsv", "../etc/passwd\t2\n");
    const fs::path garbage = files.path() / "garbage.tsv";
    write_bytes(garbage, std::string("\x00\x01\xff\xfe garbage", 12));
    const fs::path not_toml = files.path() / "not-toml.toml";
    write_bytes(not_toml, "this is [not toml\n");
    const fs::path binary_toml = files.path() / "binary.toml";
    write_bytes(binary_toml, std::string("\x00\x01\xff", 3));
    const fs::path wrong_type = files.path() / "wrong-type.toml";
    write_bytes(wrong_type, "[digest]\nlimit = \"many\"\n");
    const std::string missing = (files.path() / "missing").string();
    const std::string mail_dir = (files.path() / "mail").string();
    const std::string id = lib.paper;
    const std::string long_id(3000, '1');
    const std::string injected = "eve@example.org\r\nBcc: x@example.org";

    struct CliCase {
      int exit;
      std::vector<std::string> args;  // after --data DIR
      std::string named;              // what the message must mention
      std::map<std::string, std::string> env = {};
    };
    const std::vector<CliCase> cases = {
        {2, {}, "no command"},
        {2, {"bogus"}, "bogus"},
        {2, {"--config", not_toml.string(), "digest"}, "not-toml.toml is not TOML"},
        {2, {"--config", binary_toml.string(), "digest"}, "binary.toml is not TOML"},
        {2, {"--config", wrong_type.string(), "digest"}, "many"},
        {2, {"--config", missing, "digest"}, missing},
        {2, {"digest"}, "not-toml.toml is not TOML", {{"ARXIV_TRIAGE_CONFIG", not_toml.string()}}},
        {2, {"import"}, "paths"},
        {2, {"import", "--bogus", missing}, "--bogus"},
        {2, {"digest", "--date", "2025-13-40"}, "2025-13-40"},
        {2, {"digest", "--date", "yesterday"}, "yesterday"},
        {2, {"digest", "--profile", "nope"}, "nope"},
        {2, {"digest", "--profile", "../../etc/passwd"}, "../../etc/passwd"},
        {2, {"digest", "--limit", "0"}, "--limit"},
        {2, {"digest", "--limit", "-1"}, "-1"},
        {2, {"digest", "--format", "xml"}, "xml"},
        {2, {"digest", "--bogus"}, "--bogus"},
        {2, {"search", "AND OR NOT"}, "Syntax"},
        {2, {"search", "x", "--from", "2025-13-40"}, "2025-13-40"},
        {2, {"search", "x", "--to", "yesterday"}, "yesterday"},
        {2, {"search", "x", "--from", kBadInputDay, "--to", kBadInputDayBefore}, "before"},
        {2, {"search", "--profile", "nope"}, "nope"},
        {2, {"search", "x", "--offset", "-1"}, "-1"},
        {2, {"search", "x", "--limit", "0"}, "--limit"},
        {2, {"search", "x", "--limit", "99999999999999999999"}, "99999999999999999999"},
        {2, {"similar"}, "id"},
        {2, {"similar", "../etc/passwd"}, "../etc/passwd"},
        {2, {"similar", "9999.99999v"}, "9999.99999v"},
        {2, {"similar", long_id}, "not an arXiv id"},
        {2, {"similar", "9999.99999"}, "9999.99999"},
        {2, {"similar", id, "--from", "2025-13-40"}, "2025-13-40"},
        {2, {"similar", id, "--limit", "0"}, "--limit"},
        {2,
         {"fetch", "--id", "../etc/passwd", "--api-url", "http://127.0.0.1:1/"},
         "../etc/passwd"},
        {2,
         {"fetch", "--backfill", "--from", "2025-13-40", "--oai-url", "http://127.0.0.1:1/"},
         "2025-13-40"},
        {2,
         {"fetch", "--backfill", "--from", kBadInputDayBefore, "--until", "yesterday", "--oai-url",
          "http://127.0.0.1:1/"},
         "yesterday"},
        {2, {"fetch", "--holiday", "yesterday", "--rss-url", "http://127.0.0.1:1/"}, "yesterday"},
        {2, {"fetch", "--attempts", "0"}, "--attempts"},
        {2, {"fetch", "--min-interval-ms", "-1"}, "--min-interval-ms"},
        {2, {"status", "--bogus"}, "--bogus"},
        {2, {"feedback", "--profile", "nope", "--like", id}, "nope"},
        {2, {"feedback", "--profile", "nas", "--like", "../etc/passwd"}, "../etc/passwd"},
        {2, {"feedback", "--profile", "nas", "--dismiss", "9999.99999v"}, "9999.99999v"},
        {2, {"feedback", "--profile", "nas", "--like", id, "--dismiss", id}, "more than once"},
        {2, {"feedback", "--profile", "nas"}, "nothing to record"},
        {2, {"feedback", "--like", id}, "--profile"},
        {2, {"feedback", "import", "--profile", "nas", missing}, missing},
        {2, {"feedback", "import", "--profile", "nas", garbage.string()}, "garbage.tsv"},
        {2, {"feedback", "import", "--profile", "nope", (labels / "nas.tsv").string()}, "nope"},
        {2, {"feedback", "list", "--profile", "nope"}, "nope"},
        {2, {"feedback", "suggest", "--profile", "nope"}, "nope"},
        {2, {"feedback", "suggest", "--profile", "nas", "--limit", "0"}, "--limit"},
        {2, {"feedback", "accept", "--profile", "nope", "word"}, "nope"},
        {2, {"feedback", "accept", "--profile", "nas", "AND OR"}, "AND OR"},
        {2, {"feedback", "accept", "--profile", "nas", "\"unclosed"}, "\"unclosed"},
        {2,
         {"eval", "--labels", missing, "--from", kBadInputDayBefore, "--to", kBadInputDay},
         missing},
        {2,
         {"eval", "--labels", labels.string(), "--from", "2025-13-40", "--to", kBadInputDay},
         "2025-13-40"},
        {2,
         {"eval", "--labels", labels.string(), "--from", kBadInputDay, "--to", kBadInputDayBefore},
         "before"},
        {2,
         {"eval", "--labels", bad_labels.string(), "--from", kBadInputDayBefore, "--to",
          kBadInputDay},
         "../etc/passwd"},
        {2, {"serve", "--listen", "nonsense"}, "nonsense"},
        {2, {"serve", "--listen", "127.0.0.1:99999"}, "99999"},
        {2, {"serve", "--token", "short"}, "16 characters"},
        {2, {"serve", "--web-dir", missing}, missing},
        {2, {"serve", "--threads", "0"}, "--threads"},
        {2, {"serve", "--max-body-bytes", "-1"}, "--max-body-bytes"},
        {2, {"subscribers", "add", injected, "--profiles", "nas"}, "not a usable e-mail address"},
        {2,
         {"subscribers", "add", "Eve <eve@example.org>", "--profiles", "nas"},
         "not a usable e-mail address"},
        {2, {"subscribers", "add", "eve@example.org", "--profiles", "nope"}, "nope"},
        {2, {"subscribers", "remove", "nobody@example.org"}, "nobody@example.org"},
        {2, {"subscribers", "list", "--format", "xml"}, "xml"},
        {2, {"mail", "--date", "2025-13-40", "--dry-run", mail_dir}, "2025-13-40"},
        {2, {"mail", "--date", kBadInputDay, "--from", injected, "--dry-run", mail_dir}, "--from"},
        {2,
         {"mail", "--date", kBadInputDay, "--public-url", "http://x/\r\nBcc: y", "--dry-run",
          mail_dir},
         "--public-url"},
        {2,
         {"mail", "--date", kBadInputDay, "--holiday", "yesterday", "--dry-run", mail_dir},
         "yesterday"},
        {2, {"mail", "--top", "0"}, "--top"},
        {2, {"mail", "--catch-up", "0"}, "--catch-up"},
        {2, {"mail", "--smtp-url", "ftp://x"}, "ftp://x"},
        {2, {"mail", "--web-dir", missing}, missing},
    };
    const State before = state_of(lib.path());
    for (const auto& c : cases) {
      std::string line;
      for (const auto& a : c.args) line += a.substr(0, 60) + " ";
      CAPTURE(line);
      CliRun r = cli(lib.path(), c.args, c.env);
      CHECK_MESSAGE(r.exit_code == c.exit, r.err);
      CHECK_MESSAGE(r.err.find(c.named) != std::string::npos, r.err);
      CHECK(r.err.find("\r\nBcc") == std::string::npos);
    }
    CHECK_FALSE(fs::exists(mail_dir));
    check_unchanged(state_of(lib.path()), before);
  }

  TEST_CASE("hostile and damaged files given to import are refused and leave the index as it was") {
    const Library& lib = library();
    TempDir files;
    // One listing item in rss.arxiv.org's shape; `doctype` goes before the root, `text` into the
    // title and abstract.
    auto listing = [](const std::string& doctype, const std::string& text) {
      return "<?xml version='1.0' encoding='UTF-8'?>\n" + doctype +
             "<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
             "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\"><channel>"
             "<title>cs.LG updates on arXiv.org</title>"
             "<pubDate>Wed, 26 Mar 2025 00:00:00 -0400</pubDate>"
             "<item><title>Hostile " +
             text +
             "</title><link>https://arxiv.org/abs/2503.99991</link>"
             "<description>arXiv:2503.99991v1 Announce Type: new \nAbstract: About " +
             text +
             ".</description><guid isPermaLink=\"false\">oai:arXiv.org:2503.99991v1</guid>"
             "<category>cs.LG</category><pubDate>Wed, 26 Mar 2025 00:00:00 -0400</pubDate>"
             "<arxiv:announce_type>new</arxiv:announce_type><dc:creator>Eve Mallory</dc:creator>"
             "</item></channel></rss>\n";
    };
    std::string laughs = "<!DOCTYPE rss [<!ENTITY lol0 \"lol\">";
    for (int i = 1; i <= 9; ++i) {
      laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
      for (int k = 0; k < 10; ++k) laughs += "&lol" + std::to_string(i - 1) + ";";
      laughs += "\">";
    }
    laughs += "]>\n";
    const std::string xxe = "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n";
    const std::string param_xxe =
        "<!DOCTYPE rss [<!ENTITY % ext SYSTEM \"file:///etc/passwd\"> %ext;]>\n";

    // The same item without anything hostile imports: the hostile rows test the hostility.
    TempDir control;
    write_bytes(control.path() / "plain.xml", listing("", "plain words"));
    CliRun plain = cli(control.path(), {"import", (control.path() / "plain.xml").string()});
    REQUIRE_MESSAGE(plain.exit_code == 0, plain.out, plain.err);
    REQUIRE(plain.out.find("1 added") != std::string::npos);

    struct FileCase {
      std::string name;
      std::string bytes;
      std::string reason;  // what the rejection must say
    };
    const std::string gzip_head("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xb3\xb1\xaf\xc8", 14);
    const std::vector<FileCase> cases = {
        {"billion-laughs.xml", listing(laughs, "&lol9;"), "<!DOCTYPE>"},
        {"external-entity.xml", listing(xxe, "&xxe;"), "<!DOCTYPE>"},
        {"parameter-entity.xml", listing(param_xxe, "words"), "<!DOCTYPE>"},
        {"truncated.xml.gz", gzip_head, "truncated compressed data"},
        {"empty.xml", "", "not a recognised arXiv document"},
        {"garbage.xml", std::string("\x00\xff\xfe\x01<rss>\x00\x9c", 10),
         "not a recognised arXiv document"},
        {"cut-short.xml", listing("", "cut").substr(0, 300), "malformed XML"},
    };
    const State before = state_of(lib.path());
    for (const auto& c : cases) {
      CAPTURE(c.name);
      const fs::path path = files.path() / c.name;
      write_bytes(path, c.bytes);
      CliRun r = cli(lib.path(), {"import", path.string()});
      // 3: done, but files were rejected, each listed with its reason.
      CHECK_MESSAGE(r.exit_code == 3, r.out, r.err);
      const std::string rejected = "files rejected: 1\n  " + path.string() + ": ";
      const size_t at = r.out.find(rejected);
      REQUIRE_MESSAGE(at != std::string::npos, r.out);
      const std::string why = r.out.substr(at + rejected.size());
      CHECK_MESSAGE(why.substr(0, why.find('\n')).find(c.reason) != std::string::npos, r.out);
      CHECK(r.out.find("root:x:0:") == std::string::npos);
    }
    const State after = state_of(lib.path());
    for (const auto& [id, paper] : after.index.papers) {
      CAPTURE(id);
      CHECK(paper.find("root:x:0:") == std::string::npos);
      CHECK(paper.find("lollollol") == std::string::npos);
    }
    CliRun search = cli(lib.path(), {"search", "root"});
    CHECK(search.out.find("root:x:0:") == std::string::npos);
    check_unchanged(after, before);
  }
}

}  // namespace arxiv::testing
