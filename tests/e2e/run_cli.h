// Runs the real arxiv-triage binary for end-to-end tests and captures what it prints.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace arxiv::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built binary with `args`, extra environment variables `env`, and no terminal.
CliRun run_cli(const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env = {});

}  // namespace arxiv::testing
