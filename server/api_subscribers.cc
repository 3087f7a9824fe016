// /api/v1/subscribers: who gets the e-mail digest (index/subscriber_store.h), and /unsubscribe:
// the tokenised link of every message (RFC 8058). POST /api/v1/subscribers both subscribes and
// changes a subscription, like `subscribers add`: 201 for a new address, 200 for a known one
// (its token and subscription date kept). /unsubscribe needs no API token (auth.cc exempts it):
// the unsubscribe token in its query is the only key. Listing the subscribers needs the API token
// even where reads are open. Reads never create the database.
#include <algorithm>
#include <optional>

#include "index/profile.h"
#include "index/subscriber_store.h"
#include "server/auth.h"
#include "server/http_util.h"
#include "server/pages.h"
#include "server/routes.h"

namespace arxiv {

namespace {

using nlohmann::json;

constexpr char kPrefix[] = "/api/v1/subscribers/";

// Stateless, so one serves every request thread.
const SystemClock kClock{};

json subscriber_json(const Subscriber& s) {
  // The token stays out: only the subscriber's own messages carry it.
  return {{"email", s.email},
          {"profiles", s.profiles},
          {"cadence", cadence_name(s.cadence)},
          {"created_at", s.created_at}};
}

// The store, or nullopt when no one ever subscribed (no database yet).
Result<std::optional<SubscriberStore>> existing_store(const ServerContext& ctx) {
  std::error_code ec;
  if (!std::filesystem::exists(subscribers_path(ctx.config.data_dir), ec))
    return std::optional<SubscriberStore>();
  auto store = SubscriberStore::open(ctx.config.data_dir, kClock);
  if (!store.ok()) return store.error();
  return std::optional<SubscriberStore>(std::move(store).value());
}

struct SubscribeRequest {
  std::string email;
  std::vector<std::string> profiles;
  Cadence cadence = Cadence::kDaily;
};

Result<SubscribeRequest> subscribe_request(const httplib::Request& req) {
  auto body = json_body(req);
  if (!body.ok()) return body.error();
  SubscribeRequest out;
  for (const auto& [key, value] : body->items()) {
    if (key == "email" && value.is_string()) {
      out.email = value.get<std::string>();
    } else if (key == "profiles" && value.is_array() &&
               std::all_of(value.begin(), value.end(),
                           [](const json& v) { return v.is_string(); })) {
      out.profiles = value.get<std::vector<std::string>>();
    } else if (key == "cadence" && value.is_string()) {
      auto cadence = parse_cadence(value.get<std::string>());
      if (!cadence.ok()) return cadence.error();
      out.cadence = *cadence;
    } else if (key == "email" || key == "profiles" || key == "cadence") {
      return Error::invalid_input("'" + key + "' must be " +
                                  (key == "profiles" ? "a list of profile names" : "a string"));
    } else {
      return Error::invalid_input("unknown field '" + key + "'");
    }
  }
  if (!body->contains("email")) return Error::invalid_input("'email' is required");
  if (out.profiles.empty()) return Error::invalid_input("'profiles' must name one or more");
  // Checked before the store is opened, so a refused request does not create the database.
  if (auto s = validate_email(out.email); !s.ok()) return s.error();
  return out;
}

void list_subscribers(const ServerContext& ctx, const httplib::Request& req,
                      httplib::Response& res) {
  // Addresses are personal data: listing them needs the token even where reads are open.
  if (!same_token(presented_token(req), ctx.config.token)) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"arxiv-triage\"");
    return send_error(res, 401, "unauthorized", "listing subscribers needs the API token");
  }
  auto store = existing_store(ctx);
  if (!store.ok()) return send_error(res, store.error());
  json out = json::array();
  if (store->has_value()) {
    auto all = (*store)->list();
    if (!all.ok()) return send_error(res, all.error());
    for (const auto& s : *all) out.push_back(subscriber_json(s));
  }
  send_json(res, 200, {{"subscribers", std::move(out)}});
}

void subscribe(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto request = subscribe_request(req);
  if (!request.ok()) return send_error(res, request.error());
  auto profiles = load_or_create_profiles(ctx.config.data_dir);
  if (!profiles.ok()) {
    // A broken profiles.toml is the server's problem, not the request's.
    const Error& e = profiles.error();
    return send_error(res, e.code == ErrorCode::kInvalidInput ? Error::corrupt(e.message) : e);
  }
  if (auto s = check_profiles_exist(request->profiles, *profiles); !s.ok())
    return send_error(res, s.error());
  auto store = SubscriberStore::open(ctx.config.data_dir, kClock);
  if (!store.ok()) return send_error(res, store.error());
  auto added = store->add(request->email, request->profiles, request->cadence);
  if (!added.ok()) return send_error(res, added.error());
  if (added->created)
    res.set_header("Location",
                   kPrefix + httplib::detail::encode_query_param(added->subscriber.email));
  send_json(res, added->created ? 201 : 200, subscriber_json(added->subscriber));
}

void unsubscribe_address(const ServerContext& ctx, const std::string& email,
                         httplib::Response& res) {
  auto store = existing_store(ctx);
  if (!store.ok()) return send_error(res, store.error());
  if (!store->has_value()) return send_error(res, Error::not_found(email + " is not subscribed"));
  if (auto s = (*store)->remove(email); !s.ok()) return send_error(res, s.error());
  res.status = 204;
}

const char kUnknownToken[] =
    "This unsubscribe link is not valid (any more): the address was unsubscribed already, or the "
    "link was cut short.";

// Whoever holds `token`; nullopt for an unknown token or when no one ever subscribed.
Result<std::optional<Subscriber>> holder_of(const ServerContext& ctx, const std::string& token) {
  auto store = existing_store(ctx);
  if (!store.ok()) return store.error();
  if (!store->has_value()) return std::optional<Subscriber>();
  return (*store)->find_by_token(token);
}

void confirmation_page(const ServerContext& ctx, const httplib::Request& req,
                       httplib::Response& res) {
  const std::string token = req.get_param_value("token");
  auto holder = holder_of(ctx, token);
  if (!holder.ok()) return pages::send_error_page(res, ctx, holder.error());
  if (!holder->has_value()) return pages::send_error_page(res, ctx, 404, kUnknownToken);
  pages::send_page(res, ctx, 200, "unsubscribe", "Unsubscribe",
                   {{"email", (*holder)->email}, {"token", token}, {"done", false}});
}

// RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" as a form, URL-encoded or
// multipart; the confirmation page's button sends the same.
bool one_click(const httplib::Request& req) {
  const std::string key = "List-Unsubscribe";
  return req.get_param_value(key) == "One-Click" ||
         (req.has_file(key) && req.get_file_value(key).content == "One-Click");
}

void one_click_unsubscribe(const ServerContext& ctx, const httplib::Request& req,
                           httplib::Response& res) {
  // A browser (the confirmation page's button) gets a page; a mail client gets JSON.
  const bool page = req.get_header_value("Accept").find("text/html") != std::string::npos;
  auto fail = [&](const Error& e) {
    if (page) return pages::send_error_page(res, ctx, e);
    send_error(res, e);
  };
  if (!one_click(req))
    return fail(Error::invalid_input("the body must be List-Unsubscribe=One-Click (RFC 8058)"));
  auto store = existing_store(ctx);
  if (!store.ok()) return fail(store.error());
  if (!store->has_value()) return fail(Error::not_found(kUnknownToken));
  auto email = (*store)->remove_by_token(req.get_param_value("token"));
  if (!email.ok() && email.error().code == ErrorCode::kNotFound)
    return fail(Error::not_found(kUnknownToken));
  if (!email.ok()) return fail(email.error());
  if (!page) return send_json(res, 200, {{"unsubscribed", *email}});
  pages::send_page(res, ctx, 200, "unsubscribe", "Unsubscribed",
                   {{"email", *email}, {"done", true}});
}

}  // namespace

void add_subscriber_routes(httplib::Server& http, ServerContext& ctx) {
  http.Get("/api/v1/subscribers", [&ctx](const httplib::Request& req, httplib::Response& res) {
    list_subscribers(ctx, req, res);
  });
  http.Post("/api/v1/subscribers", [&ctx](const httplib::Request& req, httplib::Response& res) {
    subscribe(ctx, req, res);
  });
  // (.+): an address may hold a '/', which httplib has decoded from %2F before matching.
  http.Delete(std::string(kPrefix) + "(.+)",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                unsubscribe_address(ctx, req.matches[1], res);
              });
  http.Get("/unsubscribe", [&ctx](const httplib::Request& req, httplib::Response& res) {
    confirmation_page(ctx, req, res);
  });
  http.Post("/unsubscribe", [&ctx](const httplib::Request& req, httplib::Response& res) {
    one_click_unsubscribe(ctx, req, res);
  });
}

}  // namespace arxiv
