// SqliteDb: the SQLite plumbing of the stores that keep the researcher's state in the data
// directory (feedback_store.h, subscriber_store.h):
//  - one connection in WAL mode with a busy timeout, so one process may write while others read;
//  - the schema version in PRAGMA user_version: an empty file gets the schema, an older one is
//    migrated, both inside the write lock; a file some other program wrote (tables but no
//    version) or a newer arxiv-triage wrote is refused with kCorrupt before a byte changes;
//  - SQLite result codes mapped to Errors: kCorrupt (not a database, damaged), kConflict (the
//    lock was held past the timeout), kUnavailable (cannot open, I/O, disk full, read-only),
//    kInternal otherwise; each message names the file.
// A SqliteDb and its statements are move-only and not thread-safe: one per thread. Statements
// must be destroyed before the SqliteDb that prepared them.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "fetcher/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace arxiv {

struct SqliteStatementDeleter {
  void operator()(sqlite3_stmt* s) const;
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteStatementDeleter>;

class SqliteDb {
 public:
  // The SQL that brings a database of schema `from` (0: an empty file) to the current schema.
  using Migration = std::function<std::string(int from)>;

  // Opens `file` (":memory:" for a private database; `create` makes a missing file) and brings
  // it to schema `version`. `kind` names the database in messages: "subscriber".
  static Result<SqliteDb> open(const std::string& file, bool create, const std::string& kind,
                               int version, const Migration& migrate);

  SqliteDb(SqliteDb&&) noexcept;
  SqliteDb& operator=(SqliteDb&&) noexcept;
  ~SqliteDb();

  // A statement kept for the life of the connection.
  Result<SqliteStatement> prepare(const std::string& sql);
  Status exec(const std::string& sql);
  // Runs `body` (returning Status) in a write transaction: all of it or, when it fails, nothing.
  template <typename Body>
  Status in_transaction(Body body) {
    if (auto s = exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    Status done = body();
    if (done.ok()) done = exec("COMMIT");
    if (!done.ok()) (void)exec("ROLLBACK");
    return done;
  }
  // The Error for SQLite result code `rc` (see the top of this file).
  Error error(int rc) const;
  // Rows the last INSERT, UPDATE or DELETE changed.
  int64_t changes() const;
  // The file, or "<kind> database (in memory)", as messages name it.
  const std::string& where() const { return where_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  SqliteDb() = default;
  Status set_up(const std::string& kind, int version, const Migration& migrate);

  std::unique_ptr<sqlite3, Closer> db_;
  std::string where_;  // the file, for messages
};

// One run of a prepared statement with its text parameters (?1, ?2, ...) bound; the statement
// is reset for its next use however the caller leaves. The texts are copied.
class SqliteQuery {
 public:
  SqliteQuery(const SqliteDb& db, const SqliteStatement& statement,
              std::initializer_list<std::string_view> texts);
  ~SqliteQuery();
  SqliteQuery(const SqliteQuery&) = delete;
  SqliteQuery& operator=(const SqliteQuery&) = delete;

  // Steps to the next row: true when there is one, false at the end.
  Result<bool> next();
  // Runs a statement that returns no rows to its end.
  Status run();
  // A column of the current row ("" for NULL).
  std::string text(int column) const;
  int64_t integer(int column) const;

 private:
  const SqliteDb& db_;
  sqlite3_stmt* s_;
};

}  // namespace arxiv
