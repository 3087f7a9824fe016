// End to end: the researcher subscribes addresses to the e-mail digest of their profiles, lists
// and changes them, and unsubscribes them, through the real binary.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_cli.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

struct DataDir {
  TempDir dir;
  CliRun run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--data", dir.path().string(), "subscribers"});
    return run_cli(args);
  }
  nlohmann::json listed() const {
    CliRun list = run({"list", "--format", "json"});
    REQUIRE_MESSAGE(list.exit_code == 0, list.err);
    return nlohmann::json::parse(list.out)["subscribers"];
  }
};

}  // namespace

TEST_CASE("addresses are subscribed, listed, changed by adding again, and removed") {
  DataDir data;
  CliRun ada = data.run({"add", "Ada@Example.ORG", "--profiles", "nas,compositionality"});
  REQUIRE_MESSAGE(ada.exit_code == 0, ada.err);
  CHECK(ada.out == "subscribed Ada@example.org (daily): nas, compositionality\n");
  CliRun bob = data.run({"add", "bob@example.org", "--profiles", "sparse-modular", "--weekly"});
  REQUIRE_MESSAGE(bob.exit_code == 0, bob.err);

  auto all = data.listed();
  REQUIRE(all.size() == 2);
  CHECK(all[0]["email"] == "Ada@example.org");
  CHECK(all[0]["profiles"] == nlohmann::json({"nas", "compositionality"}));
  CHECK(all[0]["cadence"] == "daily");
  CHECK_FALSE(all[0].contains("token"));
  CHECK(all[1]["email"] == "bob@example.org");
  CHECK(all[1]["cadence"] == "weekly");
  const std::string since = all[0]["created_at"];

  CliRun text = data.run({"list"});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.rfind("2 subscribers\n", 0) == 0);
  CHECK(text.out.find("Ada@example.org") != std::string::npos);
  CHECK(text.out.find("weekly") != std::string::npos);

  CliRun again = data.run({"add", "ada@example.org", "--profiles", "disentanglement", "--weekly"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(again.out == "updated Ada@example.org (weekly): disentanglement\n");
  all = data.listed();
  REQUIRE(all.size() == 2);
  CHECK(all[0]["profiles"] == nlohmann::json({"disentanglement"}));
  CHECK(all[0]["created_at"] == since);

  CliRun removed = data.run({"remove", "ADA@example.org"});
  REQUIRE_MESSAGE(removed.exit_code == 0, removed.err);
  CHECK(removed.out == "unsubscribed ADA@example.org\n");
  all = data.listed();
  REQUIRE(all.size() == 1);
  CHECK(all[0]["email"] == "bob@example.org");

  CliRun unknown = data.run({"remove", "ada@example.org"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("ada@example.org is not subscribed") != std::string::npos);
}

TEST_CASE("unknown profiles and unusable addresses are refused with exit 2, storing nothing") {
  DataDir data;
  struct Case {
    std::vector<std::string> args;
    std::string named;  // what stderr must mention
  };
  const std::vector<Case> cases = {
      {{"add", "ada@example.org", "--profiles", "nas,knitting,tea"}, "'knitting', 'tea'"},
      {{"add", "ada@example.org", "--profiles", "nas,knitting"}, "profiles: nas, "},
      {{"add", "ada@example.org\r\nBcc: eve@example.org", "--profiles", "nas"},
       "not a usable e-mail address"},
      {{"add", "Ada <ada@example.org>", "--profiles", "nas"}, "not a usable e-mail address"},
      {{"add", "ada@example.org,eve@example.org", "--profiles", "nas"},
       "not a usable e-mail address"},
      {{"add", "ada@localhost", "--profiles", "nas"}, "domain"},
      {{"add", "ada@example.org"}, "--profiles"},
      {{"add", "--profiles", "nas"}, "email"},
      {{}, "subcommand"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.named);
    CliRun r = data.run(c.args);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find(c.named) != std::string::npos, r.err);
    CHECK(r.err.find("\r\nBcc") == std::string::npos);
  }
  CHECK(data.listed().empty());
  CliRun text = data.run({"list"});
  CHECK(text.out == "0 subscribers\n");
}

}  // namespace arxiv::testing
