#include "tests/bench/import_bench.h"

#include <xapian.h>

#include <cstdio>
#include <string>

#include "fetcher/listing_parser.h"
#include "fetcher/source_file.h"
#include "index/importer.h"

namespace arxiv::bench {

namespace fs = std::filesystem;

Figures import_ours(const std::vector<fs::path>& sources, const fs::path& data, size_t threads) {
  std::vector<std::string> paths;
  for (const auto& s : sources) paths.push_back(s.string());
  const auto start = Clock::now();
  ImportOptions options;
  options.threads = threads;
  auto summary = import_paths(data, paths, options);
  Figures f;
  f.seconds = since(start);
  if (!summary.ok()) {
    std::fprintf(stderr, "bench: import: %s\n", summary.error().message.c_str());
    return {};
  }
  for (const auto& r : summary->rejected)
    std::fprintf(stderr, "bench: import rejected %s: %s\n", r.path.c_str(), r.reason.c_str());
  f.count = static_cast<double>(summary->papers.added);
  return f;
}

Figures import_plain_xapian(const std::vector<fs::path>& files, const fs::path& dir) {
  const auto start = Clock::now();
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  Figures f;
  for (const auto& file : files) {
    auto bytes = read_source_file(file.string());
    if (!bytes.ok()) continue;
    auto feed = parse_listing_feed(bytes.value());
    if (!feed.ok()) continue;
    for (const auto& p : feed->papers) {
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(p.title);
      tg.increase_termpos();
      tg.index_text(p.abstract);
      doc.add_boolean_term("Q" + p.id);
      doc.set_data(p.title);
      db.add_document(doc);
      if (static_cast<long>(++f.count) % 1000 == 0) db.commit();
    }
  }
  db.commit();
  f.seconds = since(start);
  return f;
}

}  // namespace arxiv::bench
