// The arxiv-triage subcommands. Each registers its options on the CLI11 app and runs through one
// function that returns the process exit code; errors are reported once, here at the boundary.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

#include "fetcher/result.h"
#include "index/feedback.h"

namespace arxiv::cli {

// Exit codes, documented in the README.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;    // the command failed; nothing half-done was stored
inline constexpr int kExitUsage = 2;    // bad command line or bad input named on it
inline constexpr int kExitPartial = 3;  // done, but some inputs were rejected (import)
// EX_TEMPFAIL: arXiv has not published yet (fetch), or the day to mail is not fetched yet (mail):
// retry later.
inline constexpr int kExitStale = 75;

struct Globals {
  std::filesystem::path data_dir = "var";
};

// Prints `error` on stderr and returns the exit code for its kind.
int report_error(const Error& error);

void add_import_command(CLI::App& app, const Globals& globals, int& exit_code);
void add_digest_command(CLI::App& app, const Globals& globals, int& exit_code);
// feedback suggest / feedback accept, under the feedback command.
void add_suggest_commands(CLI::App& feedback, const Globals& globals, int& exit_code);
// serve: the HTTP service.
void add_serve_command(CLI::App& app, const Globals& globals, int& exit_code);
void add_search_command(CLI::App& app, const Globals& globals, int& exit_code);
void add_similar_command(CLI::App& app, const Globals& globals, int& exit_code);
// fetch and status.
void add_fetch_command(CLI::App& app, const Globals& globals, int& exit_code);
// feedback, feedback import and feedback list.
void add_feedback_command(CLI::App& app, const Globals& globals, int& exit_code);
void add_eval_command(CLI::App& app, const Globals& globals, int& exit_code);
// subscribers add, list and remove: who gets the e-mail digest.
void add_subscribers_command(CLI::App& app, const Globals& globals, int& exit_code);
// mail: the e-mail digests.
void add_mail_command(CLI::App& app, const Globals& globals, int& exit_code);

}  // namespace arxiv::cli
