// arxiv-triage import PATH...: bulk import of saved listings and metadata.
#include <cstdio>

#include "cli/commands.h"
#include "cli/progress.h"
#include "index/importer.h"

namespace arxiv::cli {

namespace {

struct ImportArgs {
  std::vector<std::string> paths;
  bool force = false;
  size_t threads = 0;
};

int run_import(const Globals& globals, const ImportArgs& args) {
  ImportProgressLine progress;
  ImportOptions options;
  options.force = args.force;
  options.threads = args.threads;
  options.on_progress = [&](const ImportProgress& p) { progress.update(p); };
  auto summary = import_paths(globals.data_dir, args.paths, options);
  progress.finish();
  if (!summary.ok()) return report_error(summary.error());
  const ImportSummary& s = summary.value();
  const size_t papers = s.papers.total();
  std::printf("files read:     %zu", s.files_read);
  if (s.files_skipped > 0) std::printf(" (%zu more already imported, skipped)", s.files_skipped);
  std::printf("\npapers:         %zu added, %zu updated, %zu unchanged\n", s.papers.added,
              s.papers.updated, s.papers.unchanged);
  std::printf("files rejected: %zu\n", s.rejected.size());
  for (const auto& r : s.rejected) std::printf("  %s: %s\n", r.path.c_str(), r.reason.c_str());
  std::printf("time:           %.1f s (%.0f papers/s)\n", s.seconds,
              s.seconds > 0 ? papers / s.seconds : 0.0);
  return s.rejected.empty() ? kExitOk : kExitPartial;
}

}  // namespace

void add_import_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import saved arXiv listings, API or OAI-PMH pages and JSON-lines metadata (.gz too)");
  cmd->add_option("paths", args->paths, "Files or directories (searched recursively)")->required();
  cmd->add_flag("--force", args->force, "Re-read files already imported");
  cmd->add_option("--threads", args->threads,
                  "Threads for an import into an empty index (0: one per core, at most 4)")
      ->check(CLI::Range(0, 64));
  cmd->callback([&globals, &exit_code, args] { exit_code = run_import(globals, *args); });
}

}  // namespace arxiv::cli
