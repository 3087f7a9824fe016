// SubscriberStore: who gets the e-mail digest and what was mailed to them, kept in SQLite at
// <data dir>/subscribers.sqlite.
//  - A subscriber is an address (unique without regard to case), the profiles whose papers they
//    get, a cadence (daily or weekly), when they subscribed, and an unsubscribe token (32 random
//    bytes as hex, unique) for the one-click link in every message. Adding an address again
//    changes its profiles and cadence and keeps its token and subscription time.
//  - The send log has one row per (address, announcement day): sent or failed, the number of
//    attempts, the last error and the Message-ID. A sent row is final: no later attempt changes
//    it, so a rerun never mails an address twice for one day. Rows outlive the subscriber, so
//    unsubscribing and subscribing again the same day sends nothing twice either.
//
// The database runs in WAL mode with a busy timeout, so the mail command, the CLI and the web
// server may use it at once. A SubscriberStore is a move-only handle and is not thread-safe: use
// one object per thread. Every method returns an Error instead of throwing: kInvalidInput for a
// bad argument, kNotFound for an unknown address or token, kCorrupt for a file that is not a
// subscriber database, kConflict when another writer holds the lock past the timeout,
// kUnavailable for I/O failures (and when no random token can be drawn).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/clock.h"
#include "fetcher/result.h"
#include "index/profile.h"

namespace arxiv {

enum class Cadence { kDaily, kWeekly };

// "daily" / "weekly".
const char* cadence_name(Cadence cadence);
// The inverse of cadence_name; kInvalidInput naming the text otherwise.
Result<Cadence> parse_cadence(std::string_view text);

struct Subscriber {
  std::string email;                  // as first given, its domain in lowercase
  std::vector<std::string> profiles;  // profile names, in the order given, each once
  Cadence cadence = Cadence::kDaily;
  std::string created_at;  // UTC, "2025-11-27T10:34:05Z"
  std::string token;       // 64 lowercase hex digits

  bool operator==(const Subscriber&) const = default;
};

enum class SendStatus { kSent, kFailed };

// One (address, day) row of the send log.
struct SendRecord {
  std::string email;
  std::string day;  // the announcement day of the digest, YYYY-MM-DD
  SendStatus status = SendStatus::kFailed;
  int attempts = 0;
  std::string last_error;  // of the latest attempt; "" when it succeeded
  std::string message_id;  // of the latest attempt, as the caller gave it
  std::string updated_at;  // UTC, like Subscriber::created_at
};

// Where the store lives inside a data directory.
std::filesystem::path subscribers_path(const std::filesystem::path& data_dir);

// OK for an address that is safe to put in a To: header: one '@'; a local part of RFC 5322
// "atext" characters and single inner dots; a domain of two or more labels of letters, digits and
// inner hyphens; at most 254 characters. ASCII only, so no CR, LF, comma, angle bracket, quote,
// space or control character gets through. kInvalidInput saying why otherwise.
Status validate_email(std::string_view email);

// OK when every name in `wanted` is one of `profiles`; kInvalidInput naming each unknown one and
// the profiles there are otherwise. The check callers of SubscriberStore::add make.
Status check_profiles_exist(const std::vector<std::string>& wanted,
                            const std::vector<Profile>& profiles);

class SubscriberStore {
 public:
  // Opens (creating the directory, file and schema if needed) <data_dir>/subscribers.sqlite.
  // `clock` stamps rows and must outlive the store. A file that is not a subscriber database
  // fails with kCorrupt and is left untouched.
  static Result<SubscriberStore> open(const std::filesystem::path& data_dir, const Clock& clock);
  // A private database in memory, gone with the object (tests).
  static Result<SubscriberStore> in_memory(const Clock& clock);

  // A moved-from store may only be destroyed or assigned to.
  SubscriberStore(SubscriberStore&& other) noexcept;
  SubscriberStore& operator=(SubscriberStore&& other) noexcept;
  SubscriberStore(const SubscriberStore&) = delete;
  SubscriberStore& operator=(const SubscriberStore&) = delete;
  ~SubscriberStore();

  struct Added {
    Subscriber subscriber;  // as stored
    bool created = false;   // false: the address was there and has been updated
  };
  // Subscribes `email`, or updates an existing subscription (found without regard to case).
  // kInvalidInput, before anything is written, for an address validate_email() refuses, no
  // profiles, or a profile name that is not lowercase letters, digits and '-'. Whether the
  // profiles exist is the caller's business.
  Result<Added> add(const std::string& email, const std::vector<std::string>& profiles,
                    Cadence cadence);
  // Every subscriber, by address.
  Result<std::vector<Subscriber>> list();
  // The subscriber of `email` (any case); nullopt when there is none.
  Result<std::optional<Subscriber>> find(const std::string& email);
  // The subscriber whose unsubscribe token is `token`; nullopt when there is none.
  Result<std::optional<Subscriber>> find_by_token(const std::string& token);
  // Unsubscribes `email` (any case); kNotFound when it is not subscribed.
  Status remove(const std::string& email);
  // Unsubscribes whoever holds `token` and returns their address; kNotFound for an unknown or
  // malformed token.
  Result<std::string> remove_by_token(const std::string& token);

  // True when the digest of `day` was sent to `email`. kInvalidInput for a day that is not
  // YYYY-MM-DD.
  Result<bool> already_sent(const std::string& email, const std::string& day);
  // Logs one attempt to mail `day` to `email`: `ok` marks it sent, else failed with `error`.
  // The attempt count grows by one, unless the row is already sent: then nothing changes.
  // kInvalidInput for a bad address or day.
  Status record_attempt(const std::string& email, const std::string& day, bool ok,
                        const std::string& error, const std::string& message_id);
  // The log row of (email, day); nullopt when no attempt was made.
  Result<std::optional<SendRecord>> send_record(const std::string& email, const std::string& day);
  // Failed rows of addresses still subscribed, oldest day first, then by address: the sends to
  // retry.
  Result<std::vector<SendRecord>> pending_failures();

 private:
  struct Impl;
  explicit SubscriberStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace arxiv
