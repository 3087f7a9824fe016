// arxiv-triage serve: the HTTP service (web pages, REST API, feeds) over the data directory,
// until SIGTERM/SIGINT.
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <thread>

#include "cli/commands.h"
#include "cli/fetch_scheduler.h"
#include "server/api_server.h"
#include "server/auth.h"

namespace arxiv::cli {

namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  ServerConfig server;
  ServeFetchOptions fetch;
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

// The address to give readers: the listening one, unless it is a wildcard (0.0.0.0, ::), which no
// browser can open; then the public URL.
std::string sign_in_base(const std::string& host, int port, const std::string& public_url) {
  if (host == "0.0.0.0" || host == "::" || host == "[::]" || host.empty()) {
    std::string base = public_url;
    while (base.ends_with('/')) base.pop_back();
    return base;
  }
  return "http://" + host + ":" + std::to_string(port);
}

// The token is shown the one time it is generated; later starts only say where it is kept.
void print_token(const ResolvedToken& token, const std::string& base) {
  if (token.file.empty()) {
    std::printf("API token: the configured one (--token, [serve] token or ARXIV_TRIAGE_TOKEN)\n");
  } else if (!token.created) {
    std::printf("API token: kept in %s\n", token.file.c_str());
  } else {
    std::printf("API token (kept in %s, shown once): %s\n", token.file.c_str(),
                token.token.c_str());
    std::printf("sign in to the web page at %s/login#token=%s\n", base.c_str(),
                token.token.c_str());
  }
}

int run_serve(const Globals& globals, const ServeArgs& args) {
  auto address = parse_listen(args.listen);
  if (!address.ok()) return report_error(address.error());
  std::unique_ptr<FetchScheduler> scheduler;
  if (args.fetch.enabled) {
    auto made = FetchScheduler::make(globals, args.fetch);
    if (!made.ok()) return report_error(made.error());
    scheduler = std::move(made).value();
  }
  // SIGTERM and SIGINT are taken by one thread (blocked everywhere else, including the server's
  // pool, which inherits the mask), which stops the server gracefully.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ServerConfig config = args.server;
  config.data_dir = globals.data_dir;
  auto token = resolve_token(globals.data_dir, config.token);
  if (!token.ok()) return report_error(token.error());
  config.token = token->token;
  ApiServer server(std::move(config));
  auto port = server.bind(address->first, address->second);
  if (!port.ok()) return report_error(port.error());
  std::thread watcher([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
    if (scheduler) scheduler->stop();
  });
  std::printf("arxiv-triage: serving %s on http://%s:%d/\n", globals.data_dir.c_str(),
              address->first.c_str(), port.value());
  print_token(token.value(), sign_in_base(address->first, port.value(), args.server.public_url));
  std::fflush(stdout);
  if (scheduler) scheduler->start();
  server.listen();
  pthread_kill(watcher.native_handle(), SIGTERM);  // releases the watcher if it is still waiting
  watcher.join();
  scheduler.reset();  // joins its thread, after which this thread alone logs
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the web pages, REST API and feeds over HTTP until SIGTERM");
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  ServerConfig& server = args->server;
  cmd->add_option("--token", server.token,
                  "Bearer token writes need (default: DIR/api-token, generated on first start); "
                  "prefer [serve] token in the config file or ARXIV_TRIAGE_TOKEN")
      ->envname("ARXIV_TRIAGE_TOKEN")
      ->check([](const std::string& t) {
        return t.size() >= 16 ? std::string()
                              : std::string("the token needs 16 characters or more");
      });
  cmd->add_flag("--token-for-reads", server.token_for_reads,
                "Reads need the token too (pages then ask to sign in)");
  cmd->add_option("--rate-per-second", server.rate_per_second,
                  "Requests per second each client may make on average")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--rate-burst", server.rate_burst, "Requests a client may make at once")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_flag("--rate-limit-loopback", server.rate_limit_loopback,
                "Rate-limit clients on 127.0.0.1 too (they are exempt by default)");
  cmd->add_option("--max-body-bytes", server.max_body_bytes, "Largest request body accepted")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--threads", server.threads,
                  "Connections served at once (one thread each while kept alive)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--keep-alive-requests", server.keep_alive_requests,
                  "Requests per kept-alive connection before the server closes it")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--keep-alive-seconds", server.keep_alive_seconds,
                  "Seconds an idle kept-alive connection may hold its thread")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_flag("!--no-search-cache", server.cache_searches,
                "Compute every search anew instead of keeping answers until the data change");
  cmd->add_option("--public-url", server.public_url,
                  "The address readers use, for links in feeds and e-mails")
      ->capture_default_str();
  cmd->add_option("--web-dir", server.web_dir, "Directory with templates/, static/ and openapi/")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  cmd->add_option("--katex-dir", server.katex_dir, "Directory of KaTeX (Debian's libjs-katex)")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  add_serve_fetch_options(*cmd, args->fetch);
  cmd->callback([&globals, &exit_code, args] { exit_code = run_serve(globals, *args); });
}

}  // namespace arxiv::cli
