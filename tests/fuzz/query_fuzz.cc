// libFuzzer target: the query path. The input is query text; it goes through QueryBuilder and the
// ranker into Xapian twice, as a profile's query (build_digest, the shipped `nas` profile with its
// query replaced and no description) and as search box text (search_papers). Both must give results
// or kInvalidInput: a crash, leak, undefined behaviour or any other error (a 500 from the server)
// is a bug. The index is built once per process, in a temporary directory, from the first
// kPapers papers of one real replay day (ARXIV_TRIAGE_FUZZ_DAY under ../shared/data/replay/rss):
// small, to keep each run short (the index, not the query, dominates its cost).
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "fetcher/listing_parser.h"
#include "fetcher/source_file.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/ranker.h"

namespace {

constexpr size_t kPapers = 60;

std::filesystem::path g_data_dir;
std::unique_ptr<arxiv::PaperReader> g_reader;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "query_fuzz: %s\n", what.c_str());
  std::exit(1);
}

void remove_data_dir() {
  g_reader.reset();
  std::error_code ignored;
  std::filesystem::remove_all(g_data_dir, ignored);
}

void build_index() {
  std::string dir = (std::filesystem::temp_directory_path() / "query_fuzz.XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) die("cannot create a temporary directory");
  g_data_dir = dir;
  std::atexit(remove_data_dir);
  const std::string day_file =
      std::string(ARXIV_TRIAGE_SHARED) + "/data/replay/rss/" + ARXIV_TRIAGE_FUZZ_DAY + ".xml.gz";
  auto bytes = arxiv::read_source_file(day_file);
  if (!bytes.ok()) die(bytes.error().message);
  auto feed = arxiv::parse_listing_feed(bytes.value());
  if (!feed.ok()) die(feed.error().message);
  auto writer = arxiv::PaperWriter::open(g_data_dir);
  if (!writer.ok()) die(writer.error().message);
  feed->papers.resize(std::min(feed->papers.size(), kPapers));
  for (const auto& paper : feed->papers) {
    if (auto added = writer.value()->upsert(paper); !added.ok()) die(added.error().message);
  }
  if (auto s = writer.value()->commit(); !s.ok()) die(s.error().message);
  writer.value().reset();
  auto reader = arxiv::PaperReader::open(g_data_dir);
  if (!reader.ok()) die(reader.error().message);
  g_reader = std::move(reader).value();
}

// Bad query text is the user's mistake; anything else escaping the index is ours.
void expect_ok_or_invalid_input(const arxiv::Error& error) {
  if (error.code != arxiv::ErrorCode::kInvalidInput) {
    std::fprintf(stderr, "query_fuzz: unexpected error: %s\n", error.message.c_str());
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  build_index();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  arxiv::Profile profile = arxiv::default_profiles().front();
  profile.query = text;
  // Scoring the description costs most of a run and does not depend on the input.
  profile.description.clear();
  const std::vector<arxiv::Profile> profiles{profile};
  // A few results are enough to run the explaining; loading more only costs time.
  arxiv::DigestOptions options;
  options.limit = 3;
  auto digest = arxiv::build_digest(*g_reader, profiles, options);
  if (!digest.ok()) expect_ok_or_invalid_input(digest.error());

  arxiv::SearchOptions search;
  search.text = text;
  search.limit = 3;
  auto found = arxiv::search_papers(*g_reader, search);
  if (!found.ok()) expect_ok_or_invalid_input(found.error());
  return 0;
}
