// The feedback endpoints through real HTTP: each verdict shows in the feedback list and changes
// the next digest; a saved paper teaches the profile like a liked one.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/server/running_server.h"

namespace arxiv {

using nlohmann::json;
using testing::bearer;
using testing::body_of;
using testing::digest_papers;
using testing::private_fortnight_config;
using testing::RunningServer;
using testing::TempDir;

namespace {

constexpr char kDay[] = "2025-03-25";
const std::string kToken = "test-token-0123456789abcdef";
const auto kAuth = bearer(kToken);

std::vector<std::string> ids_of(const json& papers) {
  std::vector<std::string> ids;
  for (const auto& p : papers) ids.push_back(p["id"]);
  return ids;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

json feedback(const RunningServer& server, const std::string& profile, const std::string& id,
              const std::string& verdict) {
  auto r = server.post("/api/v1/profiles/" + profile + "/feedback",
                       json{{"id", id}, {"verdict", verdict}}.dump(), kAuth);
  REQUIRE(r);
  CHECK(r->status == 200);
  return body_of(r);
}

json judgment_of(const RunningServer& server, const std::string& profile, const std::string& id) {
  auto all = body_of(server.get("/api/v1/profiles/" + profile + "/feedback"));
  CHECK(all["profile"] == profile);
  for (const auto& j : all["judgments"]) {
    if (j["id"] == id) return j;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("like, dismiss, save, neutral and unsave show in the feedback list and the digest") {
  TempDir dir;
  RunningServer server(private_fortnight_config(dir, kToken));
  const json before = digest_papers(server, kDay, "nas");
  REQUIRE(before.size() >= 3);
  const std::string liked = before[0]["id"], judged = before[1]["id"];
  for (const auto& p : before) CHECK(p["why"]["nearest_liked"].is_null());
  CHECK(body_of(server.get("/api/v1/profiles/nas/feedback"))["judgments"].empty());

  auto like = feedback(server, "nas", liked, "like");
  CHECK(like["id"] == liked);
  CHECK(like["verdict"] == "like");
  CHECK(like["saved"] == false);
  CHECK(like["updated_at"].get<std::string>().size() == 20);
  auto listed = judgment_of(server, "nas", liked);
  CHECK(listed["verdict"] == "like");
  CHECK(listed["title"] == before[0]["title"]);

  auto dismiss = feedback(server, "nas", judged + "v1", "dismiss");
  CHECK(dismiss["id"] == judged);
  CHECK(dismiss["verdict"] == "dismiss");
  auto ids = ids_of(digest_papers(server, kDay, "nas"));
  CHECK_FALSE(contains(ids, judged));
  CHECK(contains(ids, liked));

  auto save = feedback(server, "nas", judged, "save");
  CHECK(save["verdict"] == "dismiss");  // the bookmark keeps the grade
  CHECK(save["saved"] == true);
  CHECK_FALSE(contains(ids_of(digest_papers(server, kDay, "nas")), judged));

  auto neutral = feedback(server, "nas", judged, "neutral");
  CHECK(neutral["verdict"] == "neutral");
  CHECK(neutral["saved"] == true);  // neutral clears the grade, not the bookmark
  CHECK(contains(ids_of(digest_papers(server, kDay, "nas")), judged));
  CHECK(judgment_of(server, "nas", judged)["saved"] == true);

  auto unsave = feedback(server, "nas", judged, "unsave");
  CHECK(unsave["verdict"] == "neutral");
  CHECK(unsave["saved"] == false);
  auto all = body_of(server.get("/api/v1/profiles/nas/feedback"))["judgments"];
  CHECK(all.size() == 2);
  CHECK(judgment_of(server, "nas", judged)["saved"] == false);
  // Other profiles keep their own judgments.
  CHECK(body_of(server.get("/api/v1/profiles/compositionality/feedback"))["judgments"].empty());
}

TEST_CASE("a saved paper teaches the profile like a liked one: suggestions and the digest") {
  TempDir dir;
  RunningServer server(private_fortnight_config(dir, kToken));
  auto none = body_of(server.get("/api/v1/profiles/nas/suggestions"));
  CHECK(none["profile"] == "nas");
  CHECK(none["likes"] == 0);
  CHECK(none["terms"].empty());

  const json before = digest_papers(server, kDay, "nas");
  REQUIRE(before.size() >= 2);
  const std::string saved = before[0]["id"];
  auto state = feedback(server, "nas", saved, "save");
  CHECK(state["verdict"] == "neutral");
  CHECK(state["saved"] == true);

  auto some = body_of(server.get("/api/v1/profiles/nas/suggestions?limit=5"));
  CHECK(some["likes"] == 1);
  REQUIRE_FALSE(some["terms"].empty());
  CHECK(some["terms"].size() <= 5);
  for (const auto& t : some["terms"]) {
    CHECK_FALSE(t["term"].get<std::string>().empty());
    CHECK(t["weight"].get<double>() > 0);
  }
  bool learned = false;
  for (const auto& p : digest_papers(server, kDay, "nas")) {
    learned |= p["why"]["nearest_liked"].is_object() && p["why"]["nearest_liked"]["id"] == saved;
  }
  CHECK(learned);

  feedback(server, "nas", saved, "unsave");
  CHECK(body_of(server.get("/api/v1/profiles/nas/suggestions"))["likes"] == 0);
  for (const auto& p : digest_papers(server, kDay, "nas"))
    CHECK(p["why"]["nearest_liked"].is_null());
}

}  // namespace arxiv
