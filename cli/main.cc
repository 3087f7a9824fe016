// arxiv-triage: one executable, one subcommand per task (see README "Commands").
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <toml++/toml.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <sstream>

#include "cli/commands.h"

namespace arxiv::cli {

namespace {

// CLI11 reads INI and TOML alike and skips what it cannot read, so a file that is not TOML at all
// was ignored without a word; toml++ checks the whole file first.
class StrictToml : public CLI::ConfigTOML {
 public:
  explicit StrictToml(const CLI::App& app) : app_(app) {}

  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    std::stringstream text;
    text << input.rdbuf();
    try {
      (void)toml::parse(text.str());
    } catch (const toml::parse_error& e) {
      throw CLI::FileError(app_.get_config_ptr()->as<std::string>() + " is not TOML: line " +
                           std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
    }
    return CLI::ConfigTOML::from_config(text);
  }

 private:
  const CLI::App& app_;
};

}  // namespace

int report_error(const Error& error) {
  spdlog::error("{}", error.message);
  return error.code == ErrorCode::kInvalidInput || error.code == ErrorCode::kNotFound ? kExitUsage
                                                                                      : kExitError;
}

}  // namespace arxiv::cli

int main(int argc, char** argv) {
  using namespace arxiv::cli;
  auto logger = spdlog::stderr_color_mt("arxiv-triage");
  logger->set_pattern("arxiv-triage: %^%l%$: %v");
  spdlog::set_default_logger(logger);

  CLI::App app{"arxiv-triage: a ranked, explained daily digest of new arXiv papers"};
  // At most one command; none is reported below, so an unknown word is named as unexpected.
  app.require_subcommand(0, 1);
  Globals globals;
  app.add_option("--data", globals.data_dir, "Data directory (index, profiles)")
      ->envname("ARXIV_TRIAGE_DATA")
      ->capture_default_str();
  // Every option can also come from a TOML file, under a section named after its command:
  // [fetch] rss-url = "...", contact = "...". Command-line values win.
  // CLI11 reads the file before it looks at environment variables, so ARXIV_TRIAGE_CONFIG is
  // taken here, as the default file; a file named there must exist.
  const char* config_env = std::getenv("ARXIV_TRIAGE_CONFIG");
  const bool config_from_env = config_env != nullptr && *config_env != '\0';
  app.set_config("--config", config_from_env ? config_env : "",
                 "Configuration file (TOML); also ARXIV_TRIAGE_CONFIG", config_from_env);
  app.config_formatter(std::make_shared<StrictToml>(app));
  int exit_code = kExitOk;
  add_import_command(app, globals, exit_code);
  add_digest_command(app, globals, exit_code);
  add_search_command(app, globals, exit_code);
  add_similar_command(app, globals, exit_code);
  add_fetch_command(app, globals, exit_code);
  add_feedback_command(app, globals, exit_code);
  add_eval_command(app, globals, exit_code);
  add_serve_command(app, globals, exit_code);
  add_subscribers_command(app, globals, exit_code);
  add_mail_command(app, globals, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (app.get_subcommands().empty()) {
    spdlog::error(
        "no command given: expected one of import, digest, search, similar, fetch, status, "
        "feedback, eval, serve, subscribers, mail (see --help)");
    return kExitUsage;
  }
  return exit_code;
}
