#include "index/docid_filter.h"

#include <doctest/doctest.h>

#include <map>

#include "index/paper_store.h"
#include "index/query_builder.h"
#include "index/schema.h"
#include "tests/index/fixture_index.h"

namespace arxiv {

namespace {

std::map<Xapian::docid, double> weights(Xapian::Database& db, const Xapian::Query& query,
                                        const Xapian::MatchDecider* decider) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount(), 0, nullptr, decider);
  std::map<Xapian::docid, double> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
  return out;
}

}  // namespace

TEST_CASE("restricting each leaf to a day keeps the exact unrestricted weights of every profile") {
  auto reader = testing::open_fortnight();
  Xapian::Database& db = reader->database();
  QueryBuilder builder;
  Profile followed = default_profiles().front();
  followed.name = "with-extras";
  followed.authors = {"Frank Hutter"};
  followed.must_not = {"quantization"};
  Profile only_cats = default_profiles().back();
  only_cats.name = "only-cats";
  only_cats.categories_only = true;
  std::vector<Profile> profiles = default_profiles();
  profiles.push_back(followed);
  profiles.push_back(only_cats);
  size_t compared = 0;
  auto days = reader->days();
  REQUIRE(days.ok());
  for (const auto& listed : days.value()) {
    const std::string day = listed.day;
    const std::string term = schema::prefixed(schema::kDay, schema::compact_day(day));
    DocidFilter on_day;
    on_day.require(docids_with_any(db, {term}));
    for (const auto& profile : profiles) {
      CAPTURE(profile.name);
      CAPTURE(day);
      auto built = builder.profile_query(profile);
      REQUIRE(built.ok());
      auto expected = weights(db, built->query, &on_day);
      auto got = weights(db, restrict_leaves(built->query, Xapian::Query(term)), nullptr);
      REQUIRE(got.size() == expected.size());
      for (const auto& [docid, weight] : expected) {
        REQUIRE(got.count(docid) == 1);
        CHECK(got[docid] == doctest::Approx(weight).epsilon(1e-12));
      }
      compared += expected.size();
    }
  }
  CHECK(compared > 200);
}

TEST_CASE("a restriction to nothing matches nothing") {
  auto reader = testing::open_fortnight();
  Xapian::Database& db = reader->database();
  QueryBuilder builder;
  auto built = builder.profile_query(default_profiles().front());
  REQUIRE(built.ok());
  auto got = weights(db, restrict_leaves(built->query, Xapian::Query("D19990101")), nullptr);
  CHECK(got.empty());
}

}  // namespace arxiv
