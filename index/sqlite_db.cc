#include "index/sqlite_db.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace arxiv {
namespace {

// Long enough to wait out another process's transaction, short enough to report a stuck one.
constexpr int kBusyTimeoutMs = 5000;

}  // namespace

void SqliteStatementDeleter::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
void SqliteDb::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

SqliteDb::SqliteDb(SqliteDb&&) noexcept = default;
SqliteDb& SqliteDb::operator=(SqliteDb&&) noexcept = default;
SqliteDb::~SqliteDb() = default;

Result<SqliteDb> SqliteDb::open(const std::string& file, bool create, const std::string& kind,
                                int version, const Migration& migrate) {
  SqliteDb out;
  out.where_ = file == ":memory:" ? kind + " database (in memory)" : file;
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  out.db_.reset(raw);
  if (rc != SQLITE_OK) return out.error(rc);
  sqlite3_busy_timeout(out.db_.get(), kBusyTimeoutMs);
  // Switching a new file to the WAL answers SQLITE_BUSY at once, without the busy handler, while
  // another connection switches it too; the set-up is idempotent, so it is simply tried again.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (;;) {
    Status s = out.set_up(kind, version, migrate);
    if (s.ok()) return out;
    if (s.error().code != ErrorCode::kConflict || std::chrono::steady_clock::now() > deadline)
      return s.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Error SqliteDb::error(int rc) const {
  std::string message = where_ + ": " + (db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_SCHEMA:
      return Error::corrupt(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::conflict(std::move(message) + " (another process holds the lock)");
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Error::unavailable(std::move(message));
    default:
      return Error::internal(std::move(message));
  }
}

Status SqliteDb::exec(const std::string& sql) {
  const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status() : Status(error(rc));
}

Result<SqliteStatement> SqliteDb::prepare(const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  SqliteStatement s(raw);
  if (rc != SQLITE_OK) return error(rc);
  return s;
}

int64_t SqliteDb::changes() const { return sqlite3_changes64(db_.get()); }

// Refuses anything it did not write itself before changing a byte: even switching the journal
// mode writes to the file. The version and the table count are read by one statement, so both
// come from one snapshot: read apart, another process creating the schema in between made a
// fresh file look foreign.
Status SqliteDb::set_up(const std::string& kind, int version, const Migration& migrate) {
  auto check = [&]() -> Result<int64_t> {
    auto state = prepare(
        "SELECT (SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_master)");
    if (!state.ok()) return state.error();
    SqliteQuery q(*this, *state, {});
    auto row = q.next();
    if (!row.ok()) return row.error();
    if (!*row) return Error::internal(where_ + ": no result for the schema version");
    const int64_t found = q.integer(0);
    if (found > version)
      return Error::corrupt(where_ + ": written by a newer arxiv-triage (schema " +
                            std::to_string(found) + ")");
    if (found == 0 && q.integer(1) > 0)
      return Error::corrupt(where_ + ": not an arxiv-triage " + kind + " database");
    return found;
  };
  auto found = check();
  if (!found.ok()) return found.error();
  // The WAL lets the server write while the CLI reads; it does not apply in memory.
  if (auto s = exec("PRAGMA journal_mode = WAL"); !s.ok()) return s;
  if (*found == version) return {};
  // Checked again inside the write lock: another process may have just migrated.
  return in_transaction([&]() -> Status {
    auto now = check();
    if (!now.ok()) return now.error();
    if (*now == version) return {};
    return exec(migrate(static_cast<int>(*now)) +
                ";\nPRAGMA user_version = " + std::to_string(version) + ";");
  });
}

SqliteQuery::SqliteQuery(const SqliteDb& db, const SqliteStatement& statement,
                         std::initializer_list<std::string_view> texts)
    : db_(db), s_(statement.get()) {
  int i = 0;
  for (auto text : texts)
    sqlite3_bind_text(s_, ++i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

SqliteQuery::~SqliteQuery() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

Result<bool> SqliteQuery::next() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_.error(rc);
}

Status SqliteQuery::run() {
  for (;;) {
    auto row = next();
    if (!row.ok()) return row.error();
    if (!*row) return {};
  }
}

std::string SqliteQuery::text(int column) const {
  const auto* text = sqlite3_column_text(s_, column);
  return text != nullptr ? reinterpret_cast<const char*>(text) : "";
}

int64_t SqliteQuery::integer(int column) const { return sqlite3_column_int64(s_, column); }

}  // namespace arxiv
