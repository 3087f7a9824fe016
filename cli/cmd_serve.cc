// arxiv-triage serve: the HTTP service (REST API) over the data directory, until SIGTERM/SIGINT.
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <thread>

#include "cli/commands.h"
#include "server/api_server.h"

namespace arxiv::cli {

namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
};

Result<std::pair<std::string, int>> parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return Error::invalid_input("--listen must be HOST:PORT (got '" + text + "')");
  const std::string port_text = text.substr(colon + 1);
  try {
    size_t used = 0;
    const int port = std::stoi(port_text, &used);
    if (used == port_text.size() && port >= 0 && port <= 65535)
      return std::make_pair(text.substr(0, colon), port);
  } catch (const std::exception&) {
  }
  return Error::invalid_input("--listen port must be 0..65535 (got '" + port_text + "')");
}

int run_serve(const Globals& globals, const ServeArgs& args) {
  auto address = parse_listen(args.listen);
  if (!address.ok()) return report_error(address.error());
  // SIGTERM and SIGINT are taken by one thread (blocked everywhere else, including the server's
  // pool, which inherits the mask), which stops the server gracefully.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto config = load_server_config(globals.data_dir, ServerConfig{});
  if (!config.ok()) return report_error(config.error());
  ApiServer server(std::move(config).value());
  auto port = server.bind(address->first, address->second);
  if (!port.ok()) return report_error(port.error());
  std::thread watcher([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  std::printf("arxiv-triage: serving %s on http://%s:%d/api/v1/\n", globals.data_dir.c_str(),
              address->first.c_str(), port.value());
  std::fflush(stdout);
  server.listen();
  pthread_kill(watcher.native_handle(), SIGTERM);  // releases the watcher if it is still waiting
  watcher.join();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the REST API over HTTP until SIGTERM");
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->callback([&globals, &exit_code, args] { exit_code = run_serve(globals, *args); });
}

}  // namespace arxiv::cli
