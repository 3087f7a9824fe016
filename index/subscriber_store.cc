#include "index/subscriber_store.h"

#include <date/date.h>
#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "fetcher/text.h"
#include "index/sqlite_db.h"

namespace arxiv {
namespace {

constexpr char kFileName[] = "subscribers.sqlite";
// Bumped (with a migration) whenever the tables below change; a newer file is refused.
constexpr int kSchemaVersion = 1;
constexpr size_t kTokenBytes = 32;
// RFC 5321's limits: a path of 256 octets less the angle brackets; 64 for the local part.
constexpr size_t kMaxEmail = 254, kMaxLocal = 64, kMaxLabel = 63;

// NOCASE folds ASCII only, which is all validate_email lets in. Profiles are joined with ','
// (profile names cannot hold one).
constexpr char kSchema[] = R"(
CREATE TABLE subscribers (
  email TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  profiles TEXT NOT NULL,
  cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
  created_at TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE
) WITHOUT ROWID;
CREATE TABLE send_log (
  email TEXT NOT NULL COLLATE NOCASE,
  day TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  message_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (email, day)
) WITHOUT ROWID
)";

constexpr char kSelectSubscriber[] =
    "SELECT email, profiles, cadence, created_at, token FROM subscribers ";
constexpr char kSelectLog[] =
    "SELECT l.email, l.day, l.status, l.attempts, l.last_error, l.message_id, l.updated_at "
    "FROM send_log l ";

std::string utc_now(const Clock& clock) {
  return date::format("%Y-%m-%dT%H:%M:%SZ", date::floor<std::chrono::seconds>(clock.now()));
}

Result<std::string> random_token() {
  std::array<unsigned char, kTokenBytes> bytes{};
  for (size_t got = 0; got < bytes.size();) {
    const ssize_t n = getrandom(bytes.data() + got, bytes.size() - got, 0);
    if (n < 0 && errno != EINTR)
      return Error::unavailable(std::string("no random bytes for a token: ") +
                                std::strerror(errno));
    if (n > 0) got += static_cast<size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) out += {kHex[b >> 4], kHex[b & 0xf]};
  return out;
}

bool is_token(std::string_view text) {
  return text.size() == 2 * kTokenBytes && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
         });
}

bool is_atext(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         (c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr);
}

// `part` split at '.': every piece 1..max_piece characters that `allowed` accepts.
template <typename Allowed>
bool dotted(std::string_view part, size_t max_piece, Allowed allowed) {
  for (size_t start = 0;;) {
    const size_t end = std::min(part.find('.', start), part.size());
    const auto piece = part.substr(start, end - start);
    if (piece.empty() || piece.size() > max_piece ||
        !std::all_of(piece.begin(), piece.end(), allowed))
      return false;
    if (end == part.size()) return true;
    start = end + 1;
  }
}

bool is_profile_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
  });
}

Status check_day(const std::string& day) {
  if (is_valid_day(day)) return {};
  return Error::invalid_input("not a day (YYYY-MM-DD): '" + day + "'");
}

}  // namespace

const char* cadence_name(Cadence cadence) {
  return cadence == Cadence::kWeekly ? "weekly" : "daily";
}

Result<Cadence> parse_cadence(std::string_view text) {
  if (text == "daily") return Cadence::kDaily;
  if (text == "weekly") return Cadence::kWeekly;
  return Error::invalid_input("cadence must be daily or weekly (got '" + std::string(text) + "')");
}

std::filesystem::path subscribers_path(const std::filesystem::path& data_dir) {
  return data_dir / kFileName;
}

Status validate_email(std::string_view email) {
  auto refuse = [&](const std::string& why) {
    // The address may hold a line break meant for a mail header: never repeat it raw.
    std::string shown;
    for (unsigned char c : email.substr(0, 80)) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      shown += std::isprint(c) ? std::string(1, static_cast<char>(c)) : escaped;
    }
    return Error::invalid_input("not a usable e-mail address ('" + shown + "'): " + why);
  };
  if (email.empty() || email.size() > kMaxEmail)
    return refuse("it must have 1 to " + std::to_string(kMaxEmail) + " characters");
  const size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
    return refuse("it must contain exactly one '@'");
  const auto local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.size() > kMaxLocal || !dotted(local, kMaxLocal, is_atext))
    return refuse(
        "before the '@' only letters, digits, !#$%&'*+-/=?^_`{|}~ and single inner "
        "dots may appear");
  const bool labels = dotted(domain, kMaxLabel, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
  if (!labels || domain.find('.') == std::string_view::npos || domain.front() == '-' ||
      domain.back() == '-' || domain.find("-.") != std::string_view::npos ||
      domain.find(".-") != std::string_view::npos)
    return refuse("the domain must be two or more dotted labels of letters, digits and hyphens");
  return {};
}

Status check_profiles_exist(const std::vector<std::string>& wanted,
                            const std::vector<Profile>& profiles) {
  std::string unknown, known;
  for (const auto& name : wanted) {
    const bool found = std::any_of(profiles.begin(), profiles.end(),
                                   [&](const Profile& p) { return p.name == name; });
    if (!found) unknown += (unknown.empty() ? "'" : ", '") + name + "'";
  }
  if (unknown.empty()) return {};
  for (const auto& p : profiles) known += (known.empty() ? "" : ", ") + p.name;
  return Error::invalid_input("no profile named " + unknown + " (profiles: " + known + ")");
}

struct SubscriberStore::Impl {
  // Declared first so it is closed last, after every statement is finalized.
  SqliteDb db;
  const Clock* clock;
  SqliteStatement by_email, by_token, all, insert, update, remove, remove_token, log_row,
      log_attempt, failures;

  Impl(SqliteDb opened, const Clock& c) : db(std::move(opened)), clock(&c) {}

  Status prepare() {
    const std::string subscriber = kSelectSubscriber, log = kSelectLog;
    for (auto [stmt, sql] : {
             std::pair{&by_email, subscriber + "WHERE email = ?1"},
             std::pair{&by_token, subscriber + "WHERE token = ?1"},
             std::pair{&all, subscriber + "ORDER BY email"},
             std::pair{&insert, std::string("INSERT INTO subscribers (email, profiles, cadence, "
                                            "created_at, token) VALUES (?1, ?2, ?3, ?4, ?5)")},
             std::pair{&update, std::string("UPDATE subscribers SET profiles = ?2, cadence = ?3 "
                                            "WHERE email = ?1")},
             std::pair{&remove, std::string("DELETE FROM subscribers WHERE email = ?1")},
             std::pair{&remove_token,
                       std::string("DELETE FROM subscribers WHERE token = ?1 RETURNING email")},
             std::pair{&log_row, log + "WHERE l.email = ?1 AND l.day = ?2"},
             // The WHERE of the update is what makes a sent row final.
             std::pair{&log_attempt,
                       std::string("INSERT INTO send_log (email, day, status, attempts, "
                                   "last_error, message_id, updated_at) "
                                   "VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6) "
                                   "ON CONFLICT (email, day) DO UPDATE SET "
                                   "status = excluded.status, attempts = attempts + 1, "
                                   "last_error = excluded.last_error, "
                                   "message_id = excluded.message_id, "
                                   "updated_at = excluded.updated_at "
                                   "WHERE send_log.status <> 'sent'")},
             std::pair{&failures, log + "JOIN subscribers s ON s.email = l.email "
                                        "WHERE l.status = 'failed' ORDER BY l.day, l.email"},
         }) {
      auto prepared = db.prepare(sql);
      if (!prepared.ok()) return prepared.error();
      *stmt = std::move(prepared).value();
    }
    return {};
  }

  Result<Subscriber> subscriber_at(const SqliteQuery& q) const {
    auto cadence = parse_cadence(q.text(2));
    if (!cadence.ok()) return Error::corrupt(kFileName + (": " + cadence.error().message));
    Subscriber out{q.text(0), {}, *cadence, q.text(3), q.text(4)};
    const std::string profiles = q.text(1);
    for (size_t start = 0; start < profiles.size();) {
      const size_t end = std::min(profiles.find(',', start), profiles.size());
      out.profiles.push_back(profiles.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  Result<std::vector<Subscriber>> subscribers(const SqliteStatement& stmt,
                                              std::initializer_list<std::string_view> keys) {
    SqliteQuery q(db, stmt, keys);
    std::vector<Subscriber> out;
    for (;;) {
      auto row = q.next();
      if (!row.ok()) return row.error();
      if (!*row) return out;
      auto s = subscriber_at(q);
      if (!s.ok()) return s.error();
      out.push_back(std::move(s).value());
    }
  }

  Result<std::optional<Subscriber>> one(const SqliteStatement& stmt, const std::string& key) {
    auto found = subscribers(stmt, {key});
    if (!found.ok()) return found.error();
    if (found->empty()) return std::optional<Subscriber>();
    return std::optional<Subscriber>(std::move(found->front()));
  }

  Result<std::vector<SendRecord>> records(const SqliteStatement& stmt,
                                          std::initializer_list<std::string_view> keys) {
    SqliteQuery q(db, stmt, keys);
    std::vector<SendRecord> out;
    for (;;) {
      auto row = q.next();
      if (!row.ok()) return row.error();
      if (!*row) return out;
      out.push_back({q.text(0), q.text(1),
                     q.text(2) == "sent" ? SendStatus::kSent : SendStatus::kFailed,
                     static_cast<int>(q.integer(3)), q.text(4), q.text(5), q.text(6)});
    }
  }

  static Result<std::unique_ptr<Impl>> make(const std::string& file, bool create,
                                            const Clock& clock) {
    auto db = SqliteDb::open(file, create, "subscriber", kSchemaVersion,
                             [](int) { return std::string(kSchema); });
    if (!db.ok()) return db.error();
    auto impl = std::make_unique<Impl>(std::move(db).value(), clock);
    if (auto s = impl->prepare(); !s.ok()) return s.error();
    return impl;
  }
};

SubscriberStore::SubscriberStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SubscriberStore::SubscriberStore(SubscriberStore&& other) noexcept = default;
SubscriberStore& SubscriberStore::operator=(SubscriberStore&& other) noexcept = default;
SubscriberStore::~SubscriberStore() = default;

Result<SubscriberStore> SubscriberStore::open(const std::filesystem::path& data_dir,
                                              const Clock& clock) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Error::unavailable("cannot create " + data_dir.string() + ": " + ec.message());
  auto impl = Impl::make(subscribers_path(data_dir).string(), true, clock);
  if (!impl.ok()) return impl.error();
  return SubscriberStore(std::move(impl).value());
}

Result<SubscriberStore> SubscriberStore::in_memory(const Clock& clock) {
  auto impl = Impl::make(":memory:", false, clock);
  if (!impl.ok()) return impl.error();
  return SubscriberStore(std::move(impl).value());
}

Result<SubscriberStore::Added> SubscriberStore::add(const std::string& email,
                                                    const std::vector<std::string>& profiles,
                                                    Cadence cadence) {
  if (auto s = validate_email(email); !s.ok()) return s.error();
  if (profiles.empty()) return Error::invalid_input(email + " needs at least one profile");
  std::vector<std::string> unique;
  std::string joined;
  for (const auto& p : profiles) {
    if (!is_profile_name(p))
      return Error::invalid_input("not a profile name (lowercase letters, digits and '-'): '" + p +
                                  "'");
    if (std::find(unique.begin(), unique.end(), p) != unique.end()) continue;
    joined += (unique.empty() ? "" : ",") + p;
    unique.push_back(p);
  }
  // Domains are case-insensitive everywhere; the local part stays as the subscriber wrote it.
  std::string stored = email;
  for (size_t i = email.find('@'); i < stored.size(); ++i)
    stored[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(stored[i])));
  auto token = random_token();
  if (!token.ok()) return token.error();
  const std::string now = utc_now(*impl_->clock);
  Impl& s = *impl_;
  Added out;
  Status written = s.db.in_transaction([&]() -> Status {
    auto existing = s.one(s.by_email, stored);
    if (!existing.ok()) return existing.error();
    out.created = !existing->has_value();
    Status changed =
        out.created
            ? SqliteQuery(s.db, s.insert, {stored, joined, cadence_name(cadence), now, *token})
                  .run()
            : SqliteQuery(s.db, s.update, {stored, joined, cadence_name(cadence)}).run();
    if (!changed.ok()) return changed;
    auto after = s.one(s.by_email, stored);
    if (!after.ok()) return after.error();
    if (!after->has_value()) return Error::internal(stored + " was not stored");
    out.subscriber = std::move(**after);
    return {};
  });
  if (!written.ok()) return written.error();
  return out;
}

Result<std::vector<Subscriber>> SubscriberStore::list() {
  return impl_->subscribers(impl_->all, {});
}

Result<std::optional<Subscriber>> SubscriberStore::find(const std::string& email) {
  return impl_->one(impl_->by_email, email);
}

Result<std::optional<Subscriber>> SubscriberStore::find_by_token(const std::string& token) {
  if (!is_token(token)) return std::optional<Subscriber>();
  return impl_->one(impl_->by_token, token);
}

Status SubscriberStore::remove(const std::string& email) {
  if (auto s = SqliteQuery(impl_->db, impl_->remove, {email}).run(); !s.ok()) return s;
  if (impl_->db.changes() == 0) return Error::not_found(email + " is not subscribed");
  return {};
}

Result<std::string> SubscriberStore::remove_by_token(const std::string& token) {
  const Error unknown = Error::not_found("no subscriber has this unsubscribe token");
  if (!is_token(token)) return unknown;
  SqliteQuery q(impl_->db, impl_->remove_token, {token});
  auto row = q.next();
  if (!row.ok()) return row.error();
  if (!*row) return unknown;
  std::string email = q.text(0);
  // The statement must run to its end before the deletion is complete.
  if (auto s = q.run(); !s.ok()) return s.error();
  return email;
}

Result<bool> SubscriberStore::already_sent(const std::string& email, const std::string& day) {
  auto row = send_record(email, day);
  if (!row.ok()) return row.error();
  return row->has_value() && (*row)->status == SendStatus::kSent;
}

Status SubscriberStore::record_attempt(const std::string& email, const std::string& day, bool ok,
                                       const std::string& error, const std::string& message_id) {
  if (auto s = validate_email(email); !s.ok()) return s;
  if (auto s = check_day(day); !s.ok()) return s;
  const std::string now = utc_now(*impl_->clock);
  return SqliteQuery(impl_->db, impl_->log_attempt,
                     {email, day, ok ? "sent" : "failed", ok ? "" : error, message_id, now})
      .run();
}

Result<std::optional<SendRecord>> SubscriberStore::send_record(const std::string& email,
                                                               const std::string& day) {
  if (auto s = check_day(day); !s.ok()) return s.error();
  auto rows = impl_->records(impl_->log_row, {email, day});
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<SendRecord>();
  return std::optional<SendRecord>(std::move(rows->front()));
}

Result<std::vector<SendRecord>> SubscriberStore::pending_failures() {
  return impl_->records(impl_->failures, {});
}

}  // namespace arxiv
