#include "tests/bench/wrk_load.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace arxiv::bench {

namespace fs = std::filesystem;

namespace {

constexpr char kServing[] = "on http://127.0.0.1:";
constexpr auto kStartPatience = std::chrono::seconds(60);
constexpr int kWrkTimeoutSeconds = 10;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

// wrk's summary, written by the script's done() on one line the bench can find.
constexpr char kScript[] = R"(
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk-figures %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
)";

}  // namespace

ServeProcess::ServeProcess(const fs::path& bin, const fs::path& data, const fs::path& scratch) {
  fs::create_directories(scratch);
  const fs::path out = scratch / "serve.out", err = scratch / "serve.err";
  std::fflush(stdout);
  pid_ = fork();
  if (pid_ == 0) {
    const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0 || err_fd < 0) _exit(127);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execl(bin.c_str(), bin.c_str(), "--data", data.c_str(), "serve", "--listen", "127.0.0.1:0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid_ < 0) return;
  const auto deadline = std::chrono::steady_clock::now() + kStartPatience;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = read_text(out);
    if (const size_t at = text.find(kServing); at != std::string::npos) {
      port_ = std::atoi(text.c_str() + at + sizeof kServing - 1);
      return;
    }
    if (exited(pid_)) {
      std::fprintf(stderr, "bench: serve exited: %s\n", read_text(err).c_str());
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::fprintf(stderr, "bench: serve did not start within 60 s\n");
}

ServeProcess::~ServeProcess() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 300; ++i) {
    if (exited(pid_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

long ServeProcess::peak_rss_kb() const {
  if (pid_ <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::atol(line.c_str() + 6);
  }
  return 0;
}

std::string check_paths(int port, const std::vector<std::string>& paths) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60);
  for (const auto& path : paths) {
    auto res = client.Get(path);
    if (!res) return path + ": " + httplib::to_string(res.error());
    if (res->status != 200) return path + ": HTTP " + std::to_string(res->status);
  }
  return "";
}

LoadFigures run_wrk(int port, const std::vector<std::string>& paths, int seconds, int connections,
                    const fs::path& scratch) {
  const fs::path script = scratch / "rotate.lua";
  {
    std::ofstream lua(script);
    lua << "paths = {\n";
    for (const auto& p : paths) lua << "  \"" << p << "\",\n";  // paths are URL-encoded ASCII
    lua << "}\n" << kScript;
  }
  const std::string command = "wrk -t2 -c" + std::to_string(connections) + " -d" +
                              std::to_string(seconds) + "s --timeout " +
                              std::to_string(kWrkTimeoutSeconds) + "s -s " + script.string() +
                              " http://127.0.0.1:" + std::to_string(port) + "/ 2>&1";
  std::fflush(stdout);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = pclose(pipe);
  LoadFigures f;
  const size_t at = output.find("wrk-figures ");
  long duration_us = 0, p50_us = 0, p99_us = 0;
  if (status != 0 || at == std::string::npos ||
      std::sscanf(output.c_str() + at, "wrk-figures %ld %ld %ld %ld %ld %ld", &f.requests,
                  &duration_us, &p50_us, &p99_us, &f.http_errors, &f.socket_errors) != 6 ||
      duration_us <= 0) {
    std::fprintf(stderr, "bench: wrk failed (%s):\n%s\n", command.c_str(), output.c_str());
    return {};
  }
  f.ran = true;
  f.seconds = static_cast<double>(duration_us) / 1e6;
  f.requests_per_s = static_cast<double>(f.requests) / f.seconds;
  f.p50_ms = static_cast<double>(p50_us) / 1000;
  f.p99_ms = static_cast<double>(p99_us) / 1000;
  return f;
}

}  // namespace arxiv::bench
