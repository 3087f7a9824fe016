#include "tests/support/fake_arxiv_server.h"

#include <httplib.h>

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <thread>

namespace arxiv::testing {

FakeReply FakeReply::ok(std::string body, std::string content_type) {
  FakeReply r;
  r.headers["Content-Type"] = std::move(content_type);
  r.body = std::move(body);
  return r;
}

FakeReply FakeReply::status_only(int status, std::map<std::string, std::string> headers) {
  FakeReply r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

FakeReply FakeReply::reset() {
  FakeReply r;
  r.kind = Kind::kReset;
  return r;
}

FakeReply FakeReply::truncated(std::string body) {
  FakeReply r;
  r.kind = Kind::kTruncate;
  r.body = std::move(body);
  return r;
}

FakeReply FakeReply::slow(std::chrono::milliseconds delay, std::string body) {
  FakeReply r;
  r.kind = Kind::kSlow;
  r.delay = delay;
  r.body = std::move(body);
  return r;
}

struct FakeArxivServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = -1;

  mutable std::mutex mutex;
  std::map<std::string, std::deque<FakeReply>> scripts;
  std::map<std::string, std::function<FakeReply(const ServedRequest&)>> handlers;
  std::vector<ServedRequest> requests;

  void serve(const httplib::Request& req, httplib::Response& res);
};

namespace {

std::string query_of(const std::string& target) {
  auto q = target.find('?');
  return q == std::string::npos ? std::string() : target.substr(q + 1);
}

// A provider that sends `keep` bytes of a body announced as longer and then fails, which makes
// httplib close the connection mid-body; 0.11.4 offers handlers no other way to drop a socket.
void fail_after(httplib::Response& res, std::string body, size_t keep, const std::string& type) {
  const size_t length = std::max<size_t>(body.size(), 1);
  res.set_content_provider(
      length, type, [body = std::move(body), keep](size_t offset, size_t, httplib::DataSink& sink) {
        if (offset < keep) sink.write(body.data() + offset, keep - offset);
        return false;
      });
}

}  // namespace

void FakeArxivServer::Impl::serve(const httplib::Request& req, httplib::Response& res) {
  ServedRequest served;
  served.path = req.path;
  served.query = query_of(req.target);
  for (const auto& [key, value] : req.params) served.params.emplace(key, value);
  served.user_agent = req.get_header_value("User-Agent");

  FakeReply reply = FakeReply::status_only(404);
  std::function<FakeReply(const ServedRequest&)> handler;
  {
    std::lock_guard<std::mutex> lock(mutex);
    served.arrived = std::chrono::steady_clock::now();
    requests.push_back(served);
    if (auto s = scripts.find(req.path); s != scripts.end() && !s->second.empty()) {
      reply = std::move(s->second.front());
      s->second.pop_front();
    } else if (auto h = handlers.find(req.path); h != handlers.end()) {
      handler = h->second;
    }
  }
  // Outside the lock: a handler may itself be slow or inspect the server.
  if (handler) reply = handler(served);

  auto type_it = reply.headers.find("Content-Type");
  std::string type = type_it == reply.headers.end() ? "text/plain" : type_it->second;
  switch (reply.kind) {
    case FakeReply::Kind::kReset:
      fail_after(res, std::move(reply.body), 0, type);
      return;
    case FakeReply::Kind::kTruncate: {
      const size_t half = reply.body.size() / 2;
      fail_after(res, std::move(reply.body), half, type);
      return;
    }
    case FakeReply::Kind::kSlow:
      std::this_thread::sleep_for(reply.delay);
      break;
    case FakeReply::Kind::kRespond:
      break;
  }
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) {
    if (name != "Content-Type") res.set_header(name, value);
  }
  res.set_content(reply.body, type);
}

FakeArxivServer::FakeArxivServer() : impl_(std::make_unique<Impl>()) {
  impl_->server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    impl_->serve(req, res);
  });
  impl_->port = impl_->server.bind_to_any_port("127.0.0.1");
  if (impl_->port <= 0) throw std::runtime_error("FakeArxivServer: cannot bind 127.0.0.1");
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeArxivServer::~FakeArxivServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string FakeArxivServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

void FakeArxivServer::script(const std::string& path, std::vector<FakeReply> replies) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto& queue = impl_->scripts[path];
  for (auto& r : replies) queue.push_back(std::move(r));
}

void FakeArxivServer::handle(const std::string& path,
                             std::function<FakeReply(const ServedRequest&)> handler) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->handlers[path] = std::move(handler);
}

std::vector<ServedRequest> FakeArxivServer::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->requests;
}

std::vector<std::chrono::milliseconds> FakeArxivServer::gaps() const {
  auto reqs = requests();
  std::vector<std::chrono::milliseconds> out;
  for (size_t i = 1; i < reqs.size(); ++i) {
    out.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(reqs[i].arrived -
                                                                        reqs[i - 1].arrived));
  }
  return out;
}

}  // namespace arxiv::testing
