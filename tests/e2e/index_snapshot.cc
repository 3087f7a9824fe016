#include "tests/e2e/index_snapshot.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "index/paper_store.h"

namespace arxiv::testing {

namespace {

// Names the keys whose values differ between `got` and `want` (or that only one holds), while
// `budget` lasts.
void diff_maps(const char* what, const std::map<std::string, std::string>& got,
               const std::map<std::string, std::string>& want, std::ostringstream& out,
               int& budget) {
  auto show = [&](const std::string& key, const char* how) {
    if (budget-- > 0) out << what << " " << key << ": " << how << "\n";
  };
  for (const auto& [key, value] : got) {
    auto it = want.find(key);
    if (it == want.end()) {
      show(key, "only in the resumed run");
    } else if (it->second != value) {
      show(key, "differs");
    }
  }
  for (const auto& [key, value] : want) {
    if (!got.count(key)) show(key, "missing from the resumed run");
  }
}

}  // namespace

IndexSnapshot snapshot_index(const std::filesystem::path& data_dir) {
  auto reader = PaperReader::open(data_dir);
  REQUIRE_MESSAGE(reader.ok(), reader.error().message);
  Xapian::Database& db = reader.value()->database();
  IndexSnapshot snap;
  try {
    for (auto doc = db.postlist_begin(""); doc != db.postlist_end(""); ++doc) {
      const std::string data = db.get_document(*doc).get_data();
      const auto json = nlohmann::json::parse(data, nullptr, false);
      if (!json.contains("id")) FAIL("a document without an id: ", data);
      const std::string id = json["id"];
      if (snap.papers.count(id)) {
        ++snap.duplicates;
        continue;
      }
      snap.papers[id] = data;
      std::string terms;
      for (auto t = db.termlist_begin(*doc); t != db.termlist_end(*doc); ++t)
        terms += *t + ":" + std::to_string(t.get_wdf()) + " ";
      snap.terms[id] = std::move(terms);
    }
    for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key)
      snap.metadata[*key] = db.get_metadata(*key);
  } catch (const Xapian::Error& e) {
    FAIL("reading the index in ", data_dir, ": ", e.get_description());
  }
  return snap;
}

std::string describe_difference(const IndexSnapshot& got, const IndexSnapshot& want) {
  std::ostringstream out;
  int budget = 10;
  if (got.duplicates != want.duplicates)
    out << "duplicate documents: " << got.duplicates << " against " << want.duplicates << "\n";
  if (got.papers.size() != want.papers.size())
    out << "papers: " << got.papers.size() << " against " << want.papers.size() << "\n";
  diff_maps("paper", got.papers, want.papers, out, budget);
  diff_maps("terms of", got.terms, want.terms, out, budget);
  diff_maps("metadata", got.metadata, want.metadata, out, budget);
  return out.str();
}

}  // namespace arxiv::testing
