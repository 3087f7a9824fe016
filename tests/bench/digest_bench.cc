#include "tests/bench/digest_bench.h"

#include <xapian.h>

#include <cstdio>

#include "index/facets.h"
#include "index/labels.h"
#include "index/paper_store.h"
#include "index/query_builder.h"
#include "index/ranker.h"

namespace arxiv::bench {

namespace fs = std::filesystem;

BusiestDay busiest_day(const fs::path& data) {
  BusiestDay busiest;
  auto reader = PaperReader::open(data);
  if (!reader.ok()) return busiest;
  auto days = reader.value()->days();
  if (!days.ok()) return busiest;
  for (const auto& d : *days) {
    if (d.papers > busiest.papers) busiest = {d.day, d.papers};
  }
  return busiest;
}

Figures digest_ours(const fs::path& data, const std::string& day,
                    const std::vector<Profile>& profiles, int runs, const Feedback* feedback,
                    ModelCache* models) {
  auto reader = PaperReader::open(data);
  if (!reader.ok()) return {};
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    DigestOptions options;
    options.day = day;
    options.feedback = feedback;
    options.models = models;
    options.data_dir = data;
    auto digest = build_digest(*reader.value(), profiles, options);
    ms.push_back(since(start) * 1000);
    if (!digest.ok()) {
      std::fprintf(stderr, "bench: digest: %s\n", digest.error().message.c_str());
      return {};
    }
  }
  return latencies(ms);
}

Figures digest_plain_bm25(const fs::path& data, const std::string& day, int runs) {
  Xapian::Database db(index_path(data).string());
  Xapian::QueryParser qp;
  parse_as_indexed(qp);  // so that the same papers match
  const Xapian::Query day_term("D" + day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2));
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    for (const auto& p : default_profiles()) {
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, qp.parse_query(p.query), day_term));
      Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(p.limit));
      for (auto it = mset.begin(); it != mset.end(); ++it) (void)it.get_document().get_data();
    }
    ms.push_back(since(start) * 1000);
  }
  return latencies(ms);
}

Feedback dev_feedback(const fs::path& labels_dir) {
  Feedback feedback;
  auto labels = load_labels_dir(labels_dir);
  if (!labels.ok()) return feedback;
  for (const auto& [profile, judgments] : *labels) feedback[profile] = feedback_from(judgments);
  return feedback;
}

Figures search_ours(const fs::path& data, const std::vector<std::string>& queries, int rounds) {
  auto reader = PaperReader::open(data);
  if (!reader.ok()) return {};
  // As `serve` counts facets: from the table of the index's revision, built once (by the first
  // search, which is timed).
  FacetTables tables;
  std::vector<double> ms;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) {
      const auto start = Clock::now();
      auto table = tables.of(*reader.value());
      if (!table.ok()) return {};
      FacetSpy facets(std::move(table).value());
      SearchOptions options;
      options.text = q;
      options.limit = 20;
      options.spy = &facets;
      auto results = search_papers(*reader.value(), options);
      (void)facets.facets();
      ms.push_back(since(start) * 1000);
      if (!results.ok()) {
        std::fprintf(stderr, "bench: search '%s': %s\n", q.c_str(),
                     results.error().message.c_str());
        return {};
      }
    }
  }
  return latencies(ms);
}

}  // namespace arxiv::bench
