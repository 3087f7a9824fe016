#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/ranked_json.h"
#include "index/ranker.h"
#include "server/http_util.h"
#include "server/routes.h"

namespace arxiv {

namespace {

void days(const ServerContext& ctx, httplib::Response& res) {
  auto reader = PaperReader::open(ctx.config.data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  auto days = reader.value()->days();
  if (!days.ok()) return send_error(res, days.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : days.value()) out.push_back({{"date", d.day}, {"papers", d.papers}});
  send_json(res, 200, {{"days", std::move(out)}});
}

// A day's digest is the same for everyone until the index, the feedback or the profiles
// change, so answers are served from ctx.digests; ranking is hundreds of times dearer.
void digest(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto limit = int_param(req, "limit", 0, 1, 1000);
  if (!limit.ok()) return send_error(res, limit.error());
  auto day = date_param(req, "date");
  if (!day.ok()) return send_error(res, day.error());
  const std::string profile = req.get_param_value("profile");
  auto sources = ctx.digests.sources(ctx.config.data_dir);
  if (!sources.ok()) return send_error(res, sources.error());
  const std::string request = day.value() + "\n" + profile + "\n" + std::to_string(limit.value());
  DigestCache::Claim claim;
  if (auto body = ctx.digests.find_or_claim(request, sources.value(), claim)) {
    res.status = 200;
    res.set_content(*body, "application/json");
    return;
  }
  auto profiles =
      parse_profiles(sources->profiles, (ctx.config.data_dir / "profiles.toml").string());
  if (!profiles.ok()) return send_error(res, profiles.error());
  auto feedback = stored_feedback(ctx.config.data_dir);
  if (!feedback.ok()) return send_error(res, feedback.error());
  auto reader = PaperReader::open(ctx.config.data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  DigestOptions options;
  options.feedback = &feedback.value();
  options.models = &ctx.models;
  options.day = day.value();
  options.profile = profile;
  options.limit = limit.value();
  auto digest = build_digest(*reader.value(), profiles.value(), options);
  if (!digest.ok()) return send_error(res, digest.error());
  send_json(res, 200, digest_json(digest.value()));
  ctx.digests.put(request, sources.value(), res.body);
}

}  // namespace

void add_digest_routes(httplib::Server& http, ServerContext& ctx) {
  http.Get("/api/v1/healthz", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"status", "ok"}});
  });
  http.Get("/api/v1/days",
           [&ctx](const httplib::Request&, httplib::Response& res) { days(ctx, res); });
  http.Get("/api/v1/digest",
           [&ctx](const httplib::Request& req, httplib::Response& res) { digest(ctx, req, res); });
}

}  // namespace arxiv
