// /api/v1/profiles: the researcher's profiles (profiles.toml) as JSON resources, with their
// feedback (feedback.sqlite: like, dismiss, neutral, and the save/unsave bookmark) and the terms
// their likes suggest, the three sharing one way of finding a profile and answering for it.
// Every write of profiles.toml happens under ServerContext::profiles_mutex, after the new profile
// has been validated, through the atomic save_profiles(): a failed request leaves the file as it
// was.
#include <algorithm>
#include <climits>
#include <filesystem>
#include <optional>

#include "fetcher/paper.h"
#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/query_builder.h"
#include "index/suggestions.h"
#include "server/http_util.h"
#include "server/routes.h"

namespace arxiv {

namespace {

using nlohmann::json;

constexpr char kPrefix[] = "/api/v1/profiles/";
constexpr char kName[] = "([^/]+)";

const std::pair<const char*, std::string Profile::*> kTextFields[] = {
    {"name", &Profile::name},
    {"title", &Profile::title},
    {"description", &Profile::description},
    {"query", &Profile::query}};
const std::pair<const char*, std::vector<std::string> Profile::*> kListFields[] = {
    {"must_have", &Profile::must_have},
    {"must_not", &Profile::must_not},
    {"categories", &Profile::categories},
    {"authors", &Profile::authors}};

json profile_json(const Profile& p) {
  json out = json::object();
  for (const auto& [key, field] : kTextFields) out[key] = p.*field;
  for (const auto& [key, field] : kListFields) out[key] = p.*field;
  out["categories_only"] = p.categories_only;
  out["limit"] = p.limit;
  out["min_score"] = p.min_score;
  return out;
}

Error field_error(const std::string& key, const std::string& what) {
  return Error::invalid_input("'" + key + "' must be " + what);
}

// One field of the body into `p`; kInvalidInput for a wrong type or an unknown key.
Status read_field(const std::string& key, const json& value, Profile& p) {
  for (const auto& [name, field] : kTextFields) {
    if (key != name) continue;
    if (!value.is_string()) return field_error(key, "a string");
    p.*field = value.get<std::string>();
    return {};
  }
  for (const auto& [name, field] : kListFields) {
    if (key != name) continue;
    const bool strings =
        value.is_array() &&
        std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
    if (!strings) return field_error(key, "a list of strings");
    p.*field = value.get<std::vector<std::string>>();
    return {};
  }
  if (key == "categories_only") {
    if (!value.is_boolean()) return field_error(key, "true or false");
    p.categories_only = value.get<bool>();
  } else if (key == "limit") {
    const bool fits = value.is_number_integer() && value.get<int64_t>() >= INT_MIN &&
                      value.get<int64_t>() <= INT_MAX;
    if (!fits) return field_error(key, "an integer");
    p.limit = static_cast<int>(value.get<int64_t>());
  } else if (key == "min_score") {
    if (!value.is_number()) return field_error(key, "a number");
    p.min_score = value.get<double>();
  } else {
    return Error::invalid_input("unknown field '" + key + "'");
  }
  return {};
}

// The profile a request body describes (absent fields keep Profile's defaults), validated.
// `url_name` (PUT) fills in an absent name and must equal a given one.
Result<Profile> profile_from(const httplib::Request& req, const std::string& url_name) {
  auto body = json_body(req);
  if (!body.ok()) return body.error();
  Profile p;
  for (const auto& [key, value] : body->items()) {
    if (auto s = read_field(key, value, p); !s.ok()) return s.error();
  }
  if (p.name.empty() && !body->contains("name")) p.name = url_name;
  if (p.name.empty()) return Error::invalid_input("'name' is required");
  if (!url_name.empty() && p.name != url_name)
    return Error::invalid_input("'name' in the body ('" + p.name + "') differs from the URL ('" +
                                url_name + "')");
  if (auto s = validate_profile(p); !s.ok()) return s.error();
  // A query that does not parse would be stored and then fail every digest, not just this one.
  if (auto built = QueryBuilder().profile_query(p); !built.ok()) return built.error();
  return p;
}

std::vector<Profile>::iterator named(std::vector<Profile>& profiles, const std::string& name) {
  return std::find_if(profiles.begin(), profiles.end(),
                      [&](const Profile& p) { return p.name == name; });
}

Error no_profile(const std::string& name) {
  return Error::not_found("no profile named '" + name + "'");
}

// The profiles, or the error already sent. A broken profiles.toml is the server's problem, not
// the request's: 500 "corrupt" rather than the 400 its kInvalidInput would give.
std::optional<std::vector<Profile>> load(const ServerContext& ctx, httplib::Response& res) {
  auto profiles = load_or_create_profiles(ctx.config.data_dir);
  if (!profiles.ok()) {
    const Error& e = profiles.error();
    send_error(res, e.code == ErrorCode::kInvalidInput ? Error::corrupt(e.message) : e);
    return std::nullopt;
  }
  return std::move(profiles).value();
}

void send_created(httplib::Response& res, const Profile& p) {
  res.set_header("Location", kPrefix + p.name);
  send_json(res, 201, profile_json(p));
}

void list_profiles(const ServerContext& ctx, httplib::Response& res) {
  auto profiles = load(ctx, res);
  if (!profiles) return;
  json out = json::array();
  for (const auto& p : *profiles) out.push_back(profile_json(p));
  send_json(res, 200, {{"profiles", std::move(out)}});
}

void get_profile(const ServerContext& ctx, const std::string& name, httplib::Response& res) {
  auto profiles = load(ctx, res);
  if (!profiles) return;
  auto it = named(*profiles, name);
  if (it == profiles->end()) return send_error(res, no_profile(name));
  send_json(res, 200, profile_json(*it));
}

// POST (url_name empty: create only) and PUT (replace or create).
void write_profile(ServerContext& ctx, const httplib::Request& req, const std::string& url_name,
                   httplib::Response& res) {
  auto profile = profile_from(req, url_name);
  if (!profile.ok()) return send_error(res, profile.error());
  std::lock_guard lock(ctx.profiles_mutex);
  auto profiles = load(ctx, res);
  if (!profiles) return;
  auto it = named(*profiles, profile->name);
  const bool exists = it != profiles->end();
  if (exists && url_name.empty())
    return send_error(res, Error::conflict("a profile named '" + profile->name + "' exists; PUT " +
                                           kPrefix + profile->name + " replaces it"));
  if (exists)
    *it = profile.value();
  else
    profiles->push_back(profile.value());
  if (auto s = save_profiles(ctx.config.data_dir, *profiles); !s.ok())
    return send_error(res, s.error());
  if (exists) return send_json(res, 200, profile_json(profile.value()));
  send_created(res, profile.value());
}

void delete_profile(ServerContext& ctx, const std::string& name, httplib::Response& res) {
  std::lock_guard lock(ctx.profiles_mutex);
  auto profiles = load(ctx, res);
  if (!profiles) return;
  auto it = named(*profiles, name);
  if (it == profiles->end()) return send_error(res, no_profile(name));
  profiles->erase(it);
  if (auto s = save_profiles(ctx.config.data_dir, *profiles); !s.ok())
    return send_error(res, s.error());
  res.status = 204;
}

// The profile named in the URL, or the error already sent.
std::optional<Profile> existing(const ServerContext& ctx, const std::string& name,
                                httplib::Response& res) {
  auto profiles = load(ctx, res);
  if (!profiles) return std::nullopt;
  auto it = named(*profiles, name);
  if (it == profiles->end()) {
    send_error(res, no_profile(name));
    return std::nullopt;
  }
  return *it;
}

struct Verdict {
  const char* name;
  std::optional<Grade> grade;  // like, dismiss, neutral
  std::optional<bool> saved;   // save, unsave
};
constexpr Verdict kVerdicts[] = {{"like", Grade::kLike, {}},
                                 {"dismiss", Grade::kDismiss, {}},
                                 {"neutral", Grade::kNeutral, {}},
                                 {"save", {}, true},
                                 {"unsave", {}, false}};

const char* verdict_of(Grade grade) {
  for (const auto& v : kVerdicts) {
    if (v.grade == grade) return v.name;
  }
  return "neutral";
}

json judgment_json(const StoredJudgment& j) {
  return {{"id", j.id},
          {"verdict", verdict_of(j.grade)},
          {"saved", j.saved},
          {"updated_at", j.updated_at}};
}

struct FeedbackRequest {
  std::string id;  // base id
  const Verdict* verdict = nullptr;
};

Result<FeedbackRequest> feedback_request(const httplib::Request& req) {
  auto body = json_body(req);
  if (!body.ok()) return body.error();
  for (const auto& [key, value] : body->items()) {
    if (key != "id" && key != "verdict") return Error::invalid_input("unknown field '" + key + "'");
  }
  auto field = [&](const char* key) {
    auto it = body->find(key);
    return it == body->end() ? json() : *it;
  };
  const json id = field("id");
  auto parsed = parse_arxiv_id(id.is_string() ? id.get<std::string>() : "");
  if (!parsed.ok()) return field_error("id", "an arXiv id such as \"2503.17994\"");
  const json verdict = field("verdict");
  for (const auto& v : kVerdicts) {
    if (verdict.is_string() && verdict.get<std::string>() == v.name)
      return FeedbackRequest{parsed->base, &v};
  }
  return field_error("verdict", "one of like, dismiss, save, unsave, neutral");
}

void post_feedback(const ServerContext& ctx, const httplib::Request& req, const std::string& name,
                   httplib::Response& res) {
  if (!existing(ctx, name, res)) return;
  auto request = feedback_request(req);
  if (!request.ok()) return send_error(res, request.error());
  auto reader = PaperReader::open(ctx.config.data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  auto paper = reader.value()->paper(request->id);
  if (!paper.ok() && paper.error().code == ErrorCode::kNotFound)
    return send_error(res, Error::not_found("paper " + request->id + " is not in the index"));
  if (!paper.ok()) return send_error(res, paper.error());
  SystemClock clock;
  auto store = FeedbackStore::open(ctx.config.data_dir, clock);
  if (!store.ok()) return send_error(res, store.error());
  const Verdict& v = *request->verdict;
  Status stored = v.grade ? store->record(name, {request->id}, *v.grade)
                          : store->set_saved(name, {request->id}, *v.saved);
  if (!stored.ok()) return send_error(res, stored.error());
  auto state = store->find(name, request->id);
  if (!state.ok()) return send_error(res, state.error());
  if (!state->has_value())
    return send_error(res, Error::internal("feedback for " + request->id + " was not stored"));
  send_json(res, 200, judgment_json(**state));
}

void list_feedback(const ServerContext& ctx, const std::string& name, httplib::Response& res) {
  if (!existing(ctx, name, res)) return;
  json out = json::array();
  std::error_code ec;
  // Reading must not create the database.
  if (std::filesystem::exists(feedback_path(ctx.config.data_dir), ec)) {
    SystemClock clock;
    auto store = FeedbackStore::open(ctx.config.data_dir, clock);
    if (!store.ok()) return send_error(res, store.error());
    auto judgments = store->list(name);
    if (!judgments.ok()) return send_error(res, judgments.error());
    auto reader = PaperReader::open(ctx.config.data_dir);
    for (const auto& j : judgments.value()) {
      json item = judgment_json(j);
      auto paper = reader.ok() ? reader.value()->paper(j.id) : Result<Paper>(reader.error());
      item["title"] = paper.ok() ? json(paper->title) : json(nullptr);
      out.push_back(std::move(item));
    }
  }
  send_json(res, 200, {{"profile", name}, {"judgments", std::move(out)}});
}

void suggestions(const ServerContext& ctx, const httplib::Request& req, const std::string& name,
                 httplib::Response& res) {
  auto profile = existing(ctx, name, res);
  if (!profile) return;
  auto limit = int_param(req, "limit", 15, 1, 100);
  if (!limit.ok()) return send_error(res, limit.error());
  auto feedback = stored_feedback(ctx.config.data_dir);
  if (!feedback.ok()) return send_error(res, feedback.error());
  const auto mine = feedback->find(name);
  const ProfileFeedback judged = mine == feedback->end() ? ProfileFeedback{} : mine->second;
  auto reader = PaperReader::open(ctx.config.data_dir);
  if (!reader.ok()) return send_error(res, reader.error());
  auto terms = suggest_terms(*reader.value(), *profile, judged, limit.value());
  if (!terms.ok()) return send_error(res, terms.error());
  json out = json::array();
  for (const auto& t : terms.value()) out.push_back({{"term", t.label}, {"weight", t.weight}});
  send_json(res, 200, {{"profile", name}, {"likes", judged.liked.size()}, {"terms", out}});
}

}  // namespace

void add_profile_routes(httplib::Server& http, ServerContext& ctx) {
  const std::string one = std::string(kPrefix) + kName;
  http.Get("/api/v1/profiles",
           [&ctx](const httplib::Request&, httplib::Response& res) { list_profiles(ctx, res); });
  http.Post("/api/v1/profiles", [&ctx](const httplib::Request& req, httplib::Response& res) {
    write_profile(ctx, req, "", res);
  });
  http.Get(one, [&ctx](const httplib::Request& req, httplib::Response& res) {
    get_profile(ctx, req.matches[1], res);
  });
  http.Put(one, [&ctx](const httplib::Request& req, httplib::Response& res) {
    write_profile(ctx, req, req.matches[1], res);
  });
  http.Delete(one, [&ctx](const httplib::Request& req, httplib::Response& res) {
    delete_profile(ctx, req.matches[1], res);
  });
  http.Get(one + "/feedback", [&ctx](const httplib::Request& req, httplib::Response& res) {
    list_feedback(ctx, req.matches[1], res);
  });
  http.Post(one + "/feedback", [&ctx](const httplib::Request& req, httplib::Response& res) {
    post_feedback(ctx, req, req.matches[1], res);
  });
  http.Get(one + "/suggestions", [&ctx](const httplib::Request& req, httplib::Response& res) {
    suggestions(ctx, req, req.matches[1], res);
  });
}

}  // namespace arxiv
