// GET /feeds/{profile}.atom: a profile's ranked digests of the newest announcement days as an
// Atom feed (atom_feed.h), with an ETag so feed readers polling often download it only when it
// changed.
#include <algorithm>
#include <functional>

#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/ranker.h"
#include "server/atom_feed.h"
#include "server/http_util.h"
#include "server/routes.h"

namespace arxiv {

namespace {

// A week of announcement days: what a reader who checks the feed weekly still catches.
constexpr size_t kFeedDays = 7;

void feed(ServerContext& ctx, const std::string& name, const httplib::Request& req,
          httplib::Response& res) {
  auto profiles = load_or_create_profiles(ctx.config.data_dir);
  if (!profiles.ok()) return send_error(res, profiles.error());
  auto profile = find_profile(profiles.value(), name);
  if (!profile.ok()) return send_error(res, Error::not_found(profile.error().message));
  auto feedback = stored_feedback(ctx.config.data_dir);
  if (!feedback.ok()) return send_error(res, feedback.error());
  auto reader = PaperReader::open(ctx.config.data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  auto days = reader.value()->days();
  if (!days.ok()) return send_error(res, days.error());

  AtomFeedInput input;
  input.profile = profile.value();
  input.public_url = ctx.config.public_url;
  while (!input.public_url.empty() && input.public_url.back() == '/') input.public_url.pop_back();
  input.generator_version = ARXIV_TRIAGE_VERSION;
  const size_t first = days->size() > kFeedDays ? days->size() - kFeedDays : 0;
  for (size_t i = days->size(); i-- > first;) {
    DigestOptions options;
    options.day = (*days)[i].day;
    options.profile = name;
    options.feedback = &feedback.value();
    options.models = &ctx.models;
    auto digest = build_digest(*reader.value(), profiles.value(), options);
    if (!digest.ok()) return send_error(res, digest.error());
    input.digests.push_back(std::move(digest).value());
  }

  std::string body = atom_feed(input);
  const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
  res.set_header("ETag", etag);
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(std::move(body), "application/atom+xml; charset=utf-8");
}

}  // namespace

void add_feed_routes(httplib::Server& http, ServerContext& ctx) {
  http.Get(R"(/feeds/([^/]+)\.atom)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    feed(ctx, req.matches[1], req, res);
  });
}

}  // namespace arxiv
