#include "tests/bench/fts5_baseline.h"

#include <sqlite3.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "fetcher/listing_parser.h"
#include "fetcher/source_file.h"

namespace arxiv::bench {

namespace fs = std::filesystem;

namespace {

constexpr int kBatch = 2000;  // papers per commit, as arxiv-triage's import

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

Db open_db(const fs::path& file) {
  sqlite3* raw = nullptr;
  if (sqlite3_open(file.c_str(), &raw) != SQLITE_OK) {
    std::fprintf(stderr, "bench: sqlite: cannot open %s\n", file.c_str());
    sqlite3_close_v2(raw);
    return nullptr;
  }
  return Db(raw);
}

bool exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  std::fprintf(stderr, "bench: sqlite: %s: %s\n", sql, message ? message : "?");
  sqlite3_free(message);
  return false;
}

Statement prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
    std::fprintf(stderr, "bench: sqlite: %s: %s\n", sql, sqlite3_errmsg(db));
  return Statement(raw);
}

void bind_text(sqlite3_stmt* s, int column, const std::string& text) {
  sqlite3_bind_text(s, column, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

// Each word as an FTS5 string, so punctuation in a query is never FTS5 syntax; juxtaposed strings
// are ANDed.
std::string match_expression(const std::string& query) {
  std::istringstream words(query);
  std::string word, out;
  while (words >> word) {
    std::string quoted = "\"";
    for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += (out.empty() ? "" : " ") + quoted + "\"";
  }
  return out;
}

}  // namespace

Figures fts5_import(const std::vector<fs::path>& files, const fs::path& db_file) {
  const auto start = Clock::now();
  Db db = open_db(db_file);
  if (!db || !exec(db.get(), "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;") ||
      !exec(db.get(),
            "CREATE VIRTUAL TABLE papers USING fts5(id UNINDEXED, title, abstract, authors, "
            "categories, tokenize = 'porter unicode61'); BEGIN"))
    return {};
  Statement insert = prepare(db.get(),
                             "INSERT OR REPLACE INTO papers (rowid, id, title, abstract, authors, "
                             "categories) VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert) return {};
  std::unordered_map<std::string, sqlite3_int64> rowids;
  long written = 0;
  for (const auto& file : files) {
    auto bytes = read_source_file(file.string());
    if (!bytes.ok()) continue;
    auto feed = parse_listing_feed(bytes.value());
    if (!feed.ok()) continue;
    for (const auto& p : feed->papers) {
      const auto [it, added] = rowids.emplace(p.id, static_cast<sqlite3_int64>(rowids.size()) + 1);
      sqlite3_bind_int64(insert.get(), 1, it->second);
      bind_text(insert.get(), 2, p.id);
      bind_text(insert.get(), 3, p.title);
      bind_text(insert.get(), 4, p.abstract);
      bind_text(insert.get(), 5, joined(p.authors, ", "));
      bind_text(insert.get(), 6, joined(p.categories, " "));
      if (sqlite3_step(insert.get()) != SQLITE_DONE) {
        std::fprintf(stderr, "bench: sqlite insert: %s\n", sqlite3_errmsg(db.get()));
        return {};
      }
      sqlite3_reset(insert.get());
      if (++written % kBatch == 0 && !exec(db.get(), "COMMIT; BEGIN")) return {};
    }
  }
  if (!exec(db.get(), "COMMIT")) return {};
  insert.reset();
  db.reset();  // closing checkpoints the WAL into the database file
  Figures f;
  f.seconds = since(start);
  f.count = static_cast<double>(rowids.size());
  return f;
}

Figures fts5_search(const fs::path& db_file, const std::vector<std::string>& queries, int rounds) {
  Db db = open_db(db_file);
  if (!db) return {};
  Statement top = prepare(db.get(),
                          "SELECT id, title, abstract, authors, categories, bm25(papers) FROM "
                          "papers WHERE papers MATCH ? ORDER BY rank LIMIT 20");
  Statement count = prepare(db.get(), "SELECT count(*) FROM papers WHERE papers MATCH ?");
  if (!top || !count) return {};
  std::vector<double> ms;
  size_t bytes_read = 0;  // used, so no step of reading the rows can be skipped
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) {
      const std::string match = match_expression(q);
      const auto start = Clock::now();
      for (sqlite3_stmt* s : {top.get(), count.get()}) {
        bind_text(s, 1, match);
        while (sqlite3_step(s) == SQLITE_ROW) {
          for (int c = 0; c < sqlite3_column_count(s); ++c)
            bytes_read += static_cast<size_t>(sqlite3_column_bytes(s, c));
        }
        sqlite3_reset(s);
      }
      ms.push_back(since(start) * 1000);
    }
  }
  Figures f = latencies(ms);
  if (bytes_read == 0) return {};
  return f;
}

}  // namespace arxiv::bench
