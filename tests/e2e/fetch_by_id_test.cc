// End to end: a researcher adds papers by id; they are looked up through the (fake) query API.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_cli.h"
#include "tests/support/fake_arxiv_server.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

std::string atom(const std::string& name) {
  return read_file(shared_data() / "fixtures" / "atom" / name);
}

}  // namespace

TEST_CASE("papers added by id are looked up through the API and stored") {
  FakeArxivServer server;
  server.script("/api/query",
                {FakeReply::ok(atom("zotero-validate_id_list_1706.03762_2026-06-30.xml"))});
  TempDir dir;
  CliRun run = run_cli({"--data", dir.path().string(), "fetch", "--id", "1706.03762", "--api-url",
                        server.base_url() + "/api/query", "--min-interval-ms", "0"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(run.out.find("Attention Is All You Need") != std::string::npos);
  CHECK(run.out.find("1 of 1 ids found (1 added") != std::string::npos);
  REQUIRE(server.requests().size() == 1);
  CHECK(server.requests()[0].params.at("id_list") == "1706.03762");
  CliRun search =
      run_cli({"--data", dir.path().string(), "search", "attention", "--format", "json"});
  REQUIRE(search.exit_code == 0);
  CHECK(nlohmann::json::parse(search.out)["papers"][0]["id"] == "1706.03762");
}

TEST_CASE("an id arXiv does not know is reported and the exit code says some were missing") {
  FakeArxivServer server;
  server.script("/api/query",
                {FakeReply::ok(atom("arxivpy-2026/id_0000.0000_s0_m100_8b51d9633a68.body.xml"))});
  TempDir dir;
  CliRun run = run_cli({"--data", dir.path().string(), "fetch", "--id", "0000.00001", "--api-url",
                        server.base_url() + "/api/query", "--min-interval-ms", "0"});
  CHECK(run.exit_code == 3);
  CHECK(run.out.find("0 of 1 ids found") != std::string::npos);
}

TEST_CASE("a malformed id is refused before any request is made") {
  FakeArxivServer server;
  TempDir dir;
  CliRun run = run_cli({"--data", dir.path().string(), "fetch", "--id", "not-an-id", "--api-url",
                        server.base_url() + "/api/query", "--min-interval-ms", "0"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("not-an-id") != std::string::npos);
  CHECK(server.requests().empty());
}

}  // namespace arxiv::testing
