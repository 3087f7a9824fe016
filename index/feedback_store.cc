#include "index/feedback_store.h"

#include <ctime>
#include <optional>
#include <string_view>
#include <system_error>

#include "fetcher/paper.h"
#include "index/sqlite_db.h"

namespace arxiv {
namespace {

constexpr char kFileName[] = "feedback.sqlite";
// Bumped (with a migration) whenever the tables below change; a newer file is refused.
// 2 added the bookmark column `saved`.
constexpr int kSchemaVersion = 2;

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

std::string utc_iso(Clock::TimePoint t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

struct FeedbackStore::Impl {
  // Declared first so it is closed last, after every statement is finalized.
  SqliteDb db;
  const Clock* clock = nullptr;
  SqliteStatement upsert, upsert_saved, bump, select_profile, select_all, list, find, revision;

  Impl(SqliteDb opened, const Clock& c) : db(std::move(opened)), clock(&c) {}

  static Result<std::unique_ptr<Impl>> open(const std::string& file, bool create,
                                            const Clock& clock) {
    auto db = SqliteDb::open(file, create, "feedback", kSchemaVersion,
                             [](int from) { return from == 0 ? kSchema : kMigrateFrom1; });
    if (!db.ok()) return db.error();
    auto impl = std::make_unique<Impl>(std::move(db).value(), clock);
    if (auto s = impl->prepare_all(); !s.ok()) return s.error();
    return impl;
  }

  Status prepare_all() {
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
      auto prepared = db.prepare(sql);
      if (!prepared.ok()) return prepared.error();
      *stmt = std::move(prepared).value();
    }
    return {};
  }

  // `run_row(i)` for each of `count` rows, then one revision bump, all in one transaction.
  template <typename RunRow>
  Status write_rows(size_t count, RunRow run_row) {
    return db.in_transaction([&]() -> Status {
      for (size_t i = 0; i < count; ++i) {
        if (auto s = run_row(i); !s.ok()) return s;
      }
      return SqliteQuery(db, bump, {}).run();
    });
  }

  Result<StoredJudgment> stored_at(const SqliteQuery& q) const {
    auto grade = grade_at(q, 1);
    if (!grade.ok()) return grade.error();
    return StoredJudgment{q.text(0), *grade, q.text(2), q.integer(3) != 0};
  }

  Result<Grade> grade_at(const SqliteQuery& q, int column) const {
    const int64_t g = q.integer(column);
    if (g < 0 || g > 2) return Error::corrupt(db.where() + ": stored grade " + std::to_string(g));
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
  auto impl = Impl::open(feedback_path(data_dir).string(), true, clock);
  if (!impl.ok()) return impl.error();
  return FeedbackStore(std::move(impl).value());
}

Result<FeedbackStore> FeedbackStore::in_memory(const Clock& clock) {
  auto impl = Impl::open(":memory:", false, clock);
  if (!impl.ok()) return impl.error();
  return FeedbackStore(std::move(impl).value());
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
  return impl_->write_rows(ids.size(), [&](size_t i) {
    const std::string grade = std::to_string(static_cast<int>(judgments[i].grade));
    return SqliteQuery(impl_->db, impl_->upsert, {profile, ids[i], grade, now}).run();
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
  return impl_->write_rows(bases.size(), [&](size_t i) {
    return SqliteQuery(impl_->db, impl_->upsert_saved, {profile, bases[i], now, saved ? "1" : "0"})
        .run();
  });
}

Result<ProfileFeedback> FeedbackStore::for_profile(const std::string& profile) {
  SqliteQuery q(impl_->db, impl_->select_profile, {profile});
  std::vector<Judgment> judgments;
  for (;;) {
    auto row = q.next();
    if (!row.ok()) return row.error();
    if (!*row) break;
    auto grade = impl_->grade_at(q, 1);
    if (!grade.ok()) return grade.error();
    judgments.push_back({q.text(0), *grade});
  }
  return feedback_from(judgments);
}

Result<Feedback> FeedbackStore::all() {
  SqliteQuery q(impl_->db, impl_->select_all, {});
  std::map<std::string, std::vector<Judgment>> by_profile;
  for (;;) {
    auto row = q.next();
    if (!row.ok()) return row.error();
    if (!*row) break;
    auto grade = impl_->grade_at(q, 2);
    if (!grade.ok()) return grade.error();
    by_profile[q.text(0)].push_back({q.text(1), *grade});
  }
  Feedback out;
  for (const auto& [profile, judgments] : by_profile) out[profile] = feedback_from(judgments);
  return out;
}

Result<std::vector<StoredJudgment>> FeedbackStore::list(const std::string& profile) {
  SqliteQuery q(impl_->db, impl_->list, {profile});
  std::vector<StoredJudgment> out;
  for (;;) {
    auto row = q.next();
    if (!row.ok()) return row.error();
    if (!*row) break;
    auto stored = impl_->stored_at(q);
    if (!stored.ok()) return stored.error();
    out.push_back(std::move(stored).value());
  }
  return out;
}

Result<std::optional<StoredJudgment>> FeedbackStore::find(const std::string& profile,
                                                          const std::string& id) {
  auto parsed = parse_arxiv_id(id);
  if (!parsed.ok()) return Error::invalid_input("not an arXiv id: '" + id + "'");
  SqliteQuery q(impl_->db, impl_->find, {profile, parsed->base});
  auto row = q.next();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<StoredJudgment>();
  auto stored = impl_->stored_at(q);
  if (!stored.ok()) return stored.error();
  return std::optional<StoredJudgment>(std::move(stored).value());
}

Result<int64_t> FeedbackStore::revision() {
  SqliteQuery q(impl_->db, impl_->revision, {});
  auto row = q.next();
  if (!row.ok()) return row.error();
  if (!*row) return Error::corrupt(impl_->db.where() + ": no revision");
  return q.integer(0);
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
