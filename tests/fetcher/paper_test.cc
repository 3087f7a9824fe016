#include "fetcher/paper.h"

#include <doctest/doctest.h>

#include "fetcher/paper_json.h"

namespace arxiv {

TEST_CASE("arXiv ids are parsed in every form the services write them") {
  struct Case {
    std::string_view text, base;
    int version;
  } cases[] = {
      {"2401.01234", "2401.01234", 0},
      {"2401.01234v2", "2401.01234", 2},
      {"0704.0001", "0704.0001", 0},
      {"arXiv:2503.11731v1", "2503.11731", 1},
      {"oai:arXiv.org:2503.11731v1", "2503.11731", 1},
      {"oai:arXiv.org:hep-th/9901001", "hep-th/9901001", 0},
      {"http://arxiv.org/abs/1706.03762v7", "1706.03762", 7},
      {"https://arxiv.org/abs/hep-ex/0406020v1", "hep-ex/0406020", 1},
      {"math.GT/0309136", "math/0309136", 0},
      {"cond-mat.stat-mech/0101001v3", "cond-mat/0101001", 3},
      {"  2205.06398v2 ", "2205.06398", 2},
  };
  for (const auto& c : cases) {
    auto id = parse_arxiv_id(c.text);
    REQUIRE_MESSAGE(id.ok(), c.text);
    CHECK(id->base == c.base);
    CHECK(id->version == c.version);
  }
}

TEST_CASE("text that is not an arXiv id is rejected with the text in the message") {
  for (const char* bad :
       {"", "abc", "0000.0000.1", "2401.123", "2401.1234567", "24011.2345", "hep-th/99010",
        "HEP-TH/9901001", "hep th/9901001", "2401.01234vx", "https://example.org/2401.01234"}) {
    auto id = parse_arxiv_id(bad);
    REQUIRE_FALSE_MESSAGE(id.ok(), bad);
    CHECK(id.error().code == ErrorCode::kInvalidInput);
    CHECK(id.error().message.find("not an arXiv id") != std::string::npos);
  }
}

TEST_CASE("announce types round-trip through their names") {
  for (auto t : {AnnounceType::kNew, AnnounceType::kCross, AnnounceType::kReplace,
                 AnnounceType::kReplaceCross}) {
    CHECK(parse_announce_type(announce_type_name(t)) == t);
  }
  CHECK(std::string(announce_type_name(AnnounceType::kUnknown)).empty());
  CHECK_FALSE(parse_announce_type("updated").has_value());
}

namespace {

Paper base_paper() {
  Paper p;
  p.id = "2503.11731";
  p.version = 1;
  p.title = "Sensor simulation v1";
  p.abstract = "first abstract";
  p.authors = {"Xianming Zeng"};
  p.categories = {"cs.CV", "cs.RO"};
  p.submitted = "2025-03-14";
  p.updated = "2025-03-14";
  p.announcements = {{"2025-03-18", AnnounceType::kNew, 1}};
  return p;
}

}  // namespace

TEST_CASE("merging a newer version takes its metadata and keeps every announcement") {
  Paper v2 = base_paper();
  v2.version = 2;
  v2.title = "Sensor simulation v2";
  v2.abstract = "";
  v2.doi = "10.1000/xyz";
  v2.updated = "2025-04-01";
  v2.submitted = "";
  v2.announcements = {{"2025-04-02", AnnounceType::kReplace, 2}};
  Paper merged = merge_papers(base_paper(), v2);
  CHECK(merged.version == 2);
  CHECK(merged.title == "Sensor simulation v2");
  CHECK(merged.abstract == "first abstract");  // empty fields are filled from the other
  CHECK(merged.doi == "10.1000/xyz");
  CHECK(merged.submitted == "2025-03-14");
  CHECK(merged.updated == "2025-04-01");
  REQUIRE(merged.announcements.size() == 2);
  CHECK(merged.announced() == "2025-03-18");
  CHECK(merged.announcement_on("2025-04-02")->type == AnnounceType::kReplace);
  CHECK(merged.announcement_on("2025-04-03") == nullptr);
}

TEST_CASE("merging an older version never moves the paper backwards") {
  Paper v3 = base_paper();
  v3.version = 3;
  v3.title = "Sensor simulation v3";
  v3.updated = "2025-05-01";
  Paper merged = merge_papers(v3, base_paper());
  CHECK(merged.version == 3);
  CHECK(merged.title == "Sensor simulation v3");
  CHECK(merged.updated == "2025-05-01");
}

TEST_CASE("merging the same listing twice changes nothing") {
  CHECK(merge_papers(base_paper(), base_paper()) == base_paper());
}

TEST_CASE("a paper round-trips through its JSON form") {
  Paper p = base_paper();
  p.comments = "12 pages, $\\alpha$ < 1 & more";
  p.journal_ref = "J. Phys. 1 (2025)";
  p.license = "http://creativecommons.org/licenses/by/4.0/";
  p.announcements.push_back({"2025-04-02", AnnounceType::kReplaceCross, 2});
  auto back = paper_from_json(paper_to_json(p));
  REQUIRE(back.ok());
  CHECK(back.value() == p);
  CHECK(paper_to_json(p).contains("doi") == false);  // empty fields are left out
}

TEST_CASE("stored JSON of the wrong shape is reported as corrupt") {
  for (const char* text : {"{}", "[]", "{\"id\": 5}", "{\"id\": \"x\", \"authors\": \"A\"}",
                           "{\"id\": \"x\", \"announcements\": [{\"type\": \"new\"}]}"}) {
    auto p = paper_from_json(nlohmann::json::parse(text));
    REQUIRE_FALSE_MESSAGE(p.ok(), text);
    CHECK(p.error().code == ErrorCode::kCorrupt);
  }
}

}  // namespace arxiv
