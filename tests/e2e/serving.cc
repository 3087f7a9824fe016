#include "tests/e2e/serving.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

namespace arxiv::testing {

namespace fs = std::filesystem;

bool eventually(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<pid_t> children_of(pid_t parent) {
  std::set<pid_t> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last
    // ')'.
    const std::string stat = slurp(entry.path() / "stat");
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0;
    if (std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent)
      out.insert(std::stoi(name));
  }
  return out;
}

Serving::Serving(const fs::path& data, const std::vector<std::string>& serve_args) {
  std::vector<std::string> args = {ARXIV_TRIAGE_BIN, "--data",   data.string(),
                                   "serve",          "--listen", "127.0.0.1:0"};
  args.insert(args.end(), serve_args.begin(), serve_args.end());
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    dup2(open("/dev/null", O_RDONLY), 0);
    dup2(open(out_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 1);
    dup2(open(err_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
    unsetenv("ARXIV_TRIAGE_DATA");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const std::regex serving(R"(on http://127\.0\.0\.1:(\d+)/)");
  std::smatch m;
  std::string out;
  REQUIRE_MESSAGE(eventually([&] {
                    out = slurp(out_path());
                    return std::regex_search(out, m, serving) || exited();
                  }),
                  err());
  REQUIRE_MESSAGE(!m.empty(), "serve exited: ", err());
  port_ = std::stoi(m[1]);
}

Serving::~Serving() {
  if (exit_code_ >= 0) return;
  for (pid_t child : children_of(pid_)) kill(child, SIGKILL);
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::string Serving::err() const { return slurp(err_path()); }

httplib::Result Serving::get(const std::string& path) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(30);
  return client.Get(path.c_str());
}

bool Serving::exited() {
  if (exit_code_ >= 0) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

int Serving::terminate() {
  kill(pid_, SIGTERM);
  eventually([&] { return exited(); });
  return exit_code_;
}

}  // namespace arxiv::testing
