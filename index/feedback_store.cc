#include "index/feedback_store.h"

#include <sqlite3.h>

#include <ctime>
#include <optional>
#include <string_view>
#include <system_error>

#include "fetcher/paper.h"

namespace arxiv {
namespace {

constexpr char kFileName[] = "feedback.sqlite";
// Bumped (with a migration) whenever the tables below change; a newer file is refused.
// 2 added the bookmark column `saved`.
constexpr int kSchemaVersion = 2;
// Long enough to wait out another process's transaction, short enough to report a stuck one.
constexpr int kBusyTimeoutMs = 5000;

constexpr char kSchema[] = R"(
CREATE TABLE IF NOT EXISTS judgments (
  profile TEXT NOT NULL,
  paper_id TEXT NOT NULL,
  grade INTEGER NOT NULL CHECK (grade IN (0, 1, 2)),
  updated_at TEXT NOT NULL,
  saved INTEGER NOT NULL DEFAULT 0 CHECK (saved IN (0, 1)),
  PRIMARY KEY (profile, paper_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', 0);
)";

constexpr char kMigrateFrom1[] =
    "ALTER TABLE judgments ADD COLUMN saved INTEGER NOT NULL DEFAULT 0 CHECK (saved IN (0, 1));";

Error sqlite_error(int rc, const std::string& where, sqlite3* db) {
  std::string message = where + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_SCHEMA:
      return Error::corrupt(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::conflict(std::move(message) + " (another process holds the feedback lock)");
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

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// Leaves a prepared statement ready for its next use however the caller exits.
class Use {
 public:
  explicit Use(const Statement& s) : s_(s.get()) {}
  ~Use() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  sqlite3_stmt* operator*() const { return s_; }

 private:
  sqlite3_stmt* s_;
};

std::string utc_iso(Clock::TimePoint t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* text = sqlite3_column_text(s, i);
  return text != nullptr ? reinterpret_cast<const char*>(text) : "";
}

}  // namespace

struct FeedbackStore::Impl {
  // Declared first so it is closed last, after every statement is finalized.
  std::unique_ptr<sqlite3, DatabaseCloser> handle;
  sqlite3* db = nullptr;
  const Clock* clock = nullptr;
  std::string where;  // the file, for messages
  Statement upsert, upsert_saved, bump, select_profile, select_all, list, find, revision;

  Error error(int rc) const { return sqlite_error(rc, where, db); }

  Status open(const char* name, int flags) {
    const int rc = sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    handle.reset(db);
    if (rc != SQLITE_OK) return error(rc);
    return set_up();
  }

  Status exec(const char* sql) {
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    return rc == SQLITE_OK ? Status() : Status(error(rc));
  }

  Result<int64_t> single_int(const char* sql) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
    Statement s(raw);
    if (rc != SQLITE_OK) return error(rc);
    rc = sqlite3_step(raw);
    if (rc != SQLITE_ROW) return error(rc);
    return static_cast<int64_t>(sqlite3_column_int64(raw, 0));
  }

  Status prepare(Statement& s, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    s.reset(raw);
    return rc == SQLITE_OK ? Status() : Status(error(rc));
  }

  // Creates the schema in an empty database; refuses anything it did not write itself before
  // changing a byte (even switching the journal mode writes to the file).
  Status set_up() {
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    auto version = single_int("PRAGMA user_version");
    if (!version.ok()) return version.error();
    if (*version > kSchemaVersion)
      return Error::corrupt(where + ": written by a newer arxiv-triage (schema " +
                            std::to_string(*version) + ")");
    if (*version == 0) {
      auto tables = single_int("SELECT count(*) FROM sqlite_master");
      if (!tables.ok()) return tables.error();
      if (*tables > 0) return Error::corrupt(where + ": not an arxiv-triage feedback database");
    }
    // The WAL lets the server write while the CLI reads; it does not apply in memory.
    if (auto s = exec("PRAGMA journal_mode = WAL"); !s.ok()) return s;
    if (*version < kSchemaVersion) {
      if (auto s = create_or_migrate(); !s.ok()) return s;
    }
    // A bookmarked paper without a like or a dismissal counts as liked: the researcher wants to
    // read it.
    for (auto [stmt, sql] : {
             std::pair{&upsert,
                       "INSERT INTO judgments (profile, paper_id, grade, updated_at) "
                       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (profile, paper_id) DO UPDATE "
                       "SET grade = excluded.grade, updated_at = excluded.updated_at"},
             std::pair{&upsert_saved,
                       "INSERT INTO judgments (profile, paper_id, grade, updated_at, saved) "
                       "VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT (profile, paper_id) DO UPDATE "
                       "SET saved = excluded.saved, updated_at = excluded.updated_at"},
             std::pair{&bump, "UPDATE meta SET value = value + 1 WHERE key = 'revision'"},
             std::pair{&select_profile,
                       "SELECT paper_id, CASE WHEN grade = 1 AND saved = 1 THEN 2 ELSE grade END "
                       "FROM judgments WHERE profile = ?1 AND (grade <> 1 OR saved = 1) "
                       "ORDER BY paper_id"},
             std::pair{&select_all,
                       "SELECT profile, paper_id, "
                       "CASE WHEN grade = 1 AND saved = 1 THEN 2 ELSE grade END "
                       "FROM judgments WHERE grade <> 1 OR saved = 1 ORDER BY profile, paper_id"},
             std::pair{&list,
                       "SELECT paper_id, grade, updated_at, saved FROM judgments "
                       "WHERE profile = ?1 ORDER BY updated_at DESC, paper_id"},
             std::pair{&find,
                       "SELECT paper_id, grade, updated_at, saved FROM judgments "
                       "WHERE profile = ?1 AND paper_id = ?2"},
             std::pair{&revision, "SELECT value FROM meta WHERE key = 'revision'"},
         }) {
      if (auto s = prepare(*stmt, sql); !s.ok()) return s;
    }
    return {};
  }

  // Runs `body` in a write transaction: all of it or, when it fails, nothing.
  template <typename Body>
  Status in_transaction(Body body) {
    if (auto s = exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    Status done = body();
    if (done.ok()) done = exec("COMMIT");
    if (!done.ok()) (void)exec("ROLLBACK");
    return done;
  }

  // The version is read again inside the write lock: another process may have just done it.
  Status create_or_migrate() {
    return in_transaction([&]() -> Status {
      auto version = single_int("PRAGMA user_version");
      if (!version.ok()) return version.error();
      if (*version == kSchemaVersion) return {};
      const std::string steps = (*version == 0 ? kSchema : kMigrateFrom1) +
                                ("PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";");
      return exec(steps.c_str());
    });
  }

  // `bind` + step for each id, then one revision bump.
  template <typename Bind>
  Status write_rows(Statement& stmt, const std::vector<std::string>& ids, Bind bind) {
    return in_transaction([&]() -> Status {
      for (size_t i = 0; i < ids.size(); ++i) {
        Use u(stmt);
        bind(*u, i);
        if (const int rc = sqlite3_step(*u); rc != SQLITE_DONE) return error(rc);
      }
      Use u(bump);
      const int rc = sqlite3_step(*u);
      return rc == SQLITE_DONE ? Status() : Status(error(rc));
    });
  }

  Result<StoredJudgment> stored_at(sqlite3_stmt* s) const {
    auto grade = grade_at(s, 1);
    if (!grade.ok()) return grade.error();
    return StoredJudgment{column_text(s, 0), *grade, column_text(s, 2),
                          sqlite3_column_int(s, 3) != 0};
  }

  Result<Grade> grade_at(sqlite3_stmt* s, int column) const {
    const int g = sqlite3_column_int(s, column);
    if (g < 0 || g > 2) return Error::corrupt(where + ": stored grade " + std::to_string(g));
    return static_cast<Grade>(g);
  }
};

std::filesystem::path feedback_path(const std::filesystem::path& data_dir) {
  return data_dir / kFileName;
}

ProfileFeedback feedback_from(const std::vector<Judgment>& judgments) {
  std::map<std::string, Grade> last;
  for (const auto& j : judgments) last[j.id] = j.grade;
  ProfileFeedback out;
  for (const auto& j : judgments) {
    auto it = last.find(j.id);
    if (it == last.end()) continue;  // already placed
    if (it->second == Grade::kLike) out.liked.push_back(j.id);
    if (it->second == Grade::kDismiss) out.dismissed.push_back(j.id);
    last.erase(it);
  }
  return out;
}

FeedbackStore::FeedbackStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FeedbackStore::FeedbackStore(FeedbackStore&& other) noexcept = default;
FeedbackStore& FeedbackStore::operator=(FeedbackStore&& other) noexcept = default;
FeedbackStore::~FeedbackStore() = default;

Result<FeedbackStore> FeedbackStore::open(const std::filesystem::path& data_dir,
                                          const Clock& clock) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Error::unavailable("cannot create " + data_dir.string() + ": " + ec.message());
  auto impl = std::make_unique<Impl>();
  impl->clock = &clock;
  impl->where = feedback_path(data_dir).string();
  if (auto s = impl->open(impl->where.c_str(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE); !s.ok())
    return s.error();
  return FeedbackStore(std::move(impl));
}

Result<FeedbackStore> FeedbackStore::in_memory(const Clock& clock) {
  auto impl = std::make_unique<Impl>();
  impl->clock = &clock;
  impl->where = "feedback (in memory)";
  if (auto s = impl->open(":memory:", SQLITE_OPEN_READWRITE); !s.ok()) return s.error();
  return FeedbackStore(std::move(impl));
}

Status FeedbackStore::record(const std::string& profile, const std::vector<Judgment>& judgments) {
  if (profile.empty()) return Error::invalid_input("feedback needs a profile name");
  std::vector<std::string> ids;
  for (const auto& j : judgments) {
    auto id = parse_arxiv_id(j.id);
    if (!id.ok()) return Error::invalid_input("not an arXiv id: '" + j.id + "'");
    if (j.grade != Grade::kDismiss && j.grade != Grade::kNeutral && j.grade != Grade::kLike)
      return Error::invalid_input("grade must be 0, 1 or 2 (got " +
                                  std::to_string(static_cast<int>(j.grade)) + ")");
    ids.push_back(id->base);
  }
  if (judgments.empty()) return {};
  const std::string now = utc_iso(impl_->clock->now());
  return impl_->write_rows(impl_->upsert, ids, [&](sqlite3_stmt* s, size_t i) {
    sqlite3_bind_text(s, 1, profile.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, ids[i].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 3, static_cast<int>(judgments[i].grade));
    sqlite3_bind_text(s, 4, now.c_str(), -1, SQLITE_TRANSIENT);
  });
}

Status FeedbackStore::record(const std::string& profile, const std::vector<std::string>& ids,
                             Grade grade) {
  std::vector<Judgment> judgments;
  for (const auto& id : ids) judgments.push_back({id, grade});
  return record(profile, judgments);
}

Status FeedbackStore::set_saved(const std::string& profile, const std::vector<std::string>& ids,
                                bool saved) {
  if (profile.empty()) return Error::invalid_input("feedback needs a profile name");
  std::vector<std::string> bases;
  for (const auto& text : ids) {
    auto id = parse_arxiv_id(text);
    if (!id.ok()) return Error::invalid_input("not an arXiv id: '" + text + "'");
    bases.push_back(id->base);
  }
  if (bases.empty()) return {};
  const std::string now = utc_iso(impl_->clock->now());
  return impl_->write_rows(impl_->upsert_saved, bases, [&](sqlite3_stmt* s, size_t i) {
    sqlite3_bind_text(s, 1, profile.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, bases[i].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, now.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 4, saved ? 1 : 0);
  });
}

Result<ProfileFeedback> FeedbackStore::for_profile(const std::string& profile) {
  Use u(impl_->select_profile);
  sqlite3_bind_text(*u, 1, profile.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<Judgment> judgments;
  int rc;
  while ((rc = sqlite3_step(*u)) == SQLITE_ROW) {
    auto grade = impl_->grade_at(*u, 1);
    if (!grade.ok()) return grade.error();
    judgments.push_back({column_text(*u, 0), *grade});
  }
  if (rc != SQLITE_DONE) return impl_->error(rc);
  return feedback_from(judgments);
}

Result<Feedback> FeedbackStore::all() {
  Use u(impl_->select_all);
  std::map<std::string, std::vector<Judgment>> by_profile;
  int rc;
  while ((rc = sqlite3_step(*u)) == SQLITE_ROW) {
    auto grade = impl_->grade_at(*u, 2);
    if (!grade.ok()) return grade.error();
    by_profile[column_text(*u, 0)].push_back({column_text(*u, 1), *grade});
  }
  if (rc != SQLITE_DONE) return impl_->error(rc);
  Feedback out;
  for (const auto& [profile, judgments] : by_profile) out[profile] = feedback_from(judgments);
  return out;
}

Result<std::vector<StoredJudgment>> FeedbackStore::list(const std::string& profile) {
  Use u(impl_->list);
  sqlite3_bind_text(*u, 1, profile.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<StoredJudgment> out;
  int rc;
  while ((rc = sqlite3_step(*u)) == SQLITE_ROW) {
    auto stored = impl_->stored_at(*u);
    if (!stored.ok()) return stored.error();
    out.push_back(std::move(stored).value());
  }
  if (rc != SQLITE_DONE) return impl_->error(rc);
  return out;
}

Result<std::optional<StoredJudgment>> FeedbackStore::find(const std::string& profile,
                                                          const std::string& id) {
  auto parsed = parse_arxiv_id(id);
  if (!parsed.ok()) return Error::invalid_input("not an arXiv id: '" + id + "'");
  Use u(impl_->find);
  sqlite3_bind_text(*u, 1, profile.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(*u, 2, parsed->base.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(*u);
  if (rc == SQLITE_DONE) return std::optional<StoredJudgment>();
  if (rc != SQLITE_ROW) return impl_->error(rc);
  auto stored = impl_->stored_at(*u);
  if (!stored.ok()) return stored.error();
  return std::optional<StoredJudgment>(std::move(stored).value());
}

Result<int64_t> FeedbackStore::revision() {
  Use u(impl_->revision);
  const int rc = sqlite3_step(*u);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? Error::corrupt(impl_->where + ": no revision") : impl_->error(rc);
  return static_cast<int64_t>(sqlite3_column_int64(*u, 0));
}

Result<Feedback> stored_feedback(const std::filesystem::path& data_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(feedback_path(data_dir), ec)) return Feedback{};
  SystemClock clock;
  auto store = FeedbackStore::open(data_dir, clock);
  if (!store.ok()) return store.error();
  return store->all();
}

}  // namespace arxiv
