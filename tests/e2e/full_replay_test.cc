// End to end, the whole replay: `import ../shared/data/replay/rss` leaves exactly 78,736 papers,
// each with its announcement day, and importing it again changes nothing.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_cli.h"
#include "tests/support/test_data.h"

namespace arxiv::testing {

namespace {

constexpr int kReplayPapers = 78736;

nlohmann::json search_json(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--data", dir.path().string(), "search", "--limit",
                                   "1",      "--format",          "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  CliRun run = run_cli(args);
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  return nlohmann::json::parse(run.out);
}

}  // namespace

TEST_CASE("the whole replay imports to exactly 78,736 papers and a second import changes nothing") {
  TempDir dir;
  const std::string replay = (shared_data() / "replay" / "rss").string();
  CliRun first = run_cli({"--data", dir.path().string(), "import", replay});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(first.out.find("files read:     396") != std::string::npos);
  CHECK(first.out.find("78736 added, 0 updated, 0 unchanged") != std::string::npos);
  CHECK(first.out.find("files rejected: 0") != std::string::npos);

  // Every paper is in the index, and every one is found within the replay's announcement days.
  CHECK(search_json(dir, {})["total"] == kReplayPapers);
  CHECK(search_json(dir, {"--from", "2025-03-18", "--to", "2026-07-01"})["total"] == kReplayPapers);
  CHECK(search_json(dir, {"--from", "2026-07-01", "--to", "2026-07-01"})["total"] == 300);

  CliRun again = run_cli({"--data", dir.path().string(), "import", replay});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("396 more already imported, skipped") != std::string::npos);
  CHECK(again.out.find("0 added, 0 updated, 0 unchanged") != std::string::npos);

  CliRun forced = run_cli({"--data", dir.path().string(), "import", "--force", replay});
  CHECK(forced.exit_code == 0);
  CHECK(forced.out.find("0 added, 0 updated, 78736 unchanged") != std::string::npos);
  CHECK(search_json(dir, {})["total"] == kReplayPapers);
}

}  // namespace arxiv::testing
