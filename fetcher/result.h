// Result<T>: a value or an Error, the one error style of every parser and client.
//
// An Error carries a code (what kind of failure, so callers can decide: retry, 4xx, skip a file),
// a human-readable message, and an optional machine-readable reason (an OAI-PMH error code such
// as "badResumptionToken", an arXiv API error id). Result is a value type; it is not thread-safe
// to mutate one Result from several threads, like any value.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace arxiv {

enum class ErrorCode {
  kInvalidInput,  // malformed or truncated input, bad arguments (HTTP 400)
  kNotFound,      // the thing asked for does not exist (404)
  kConflict,      // the operation clashes with current state (409)
  kUnavailable,   // network or remote service failed; retrying may help (503)
  kCorrupt,       // stored data is damaged
  kInternal,      // a bug or an unexpected library failure
};

const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string reason;  // machine-readable sub-code from a remote service, may be empty

  static Error invalid_input(std::string m) { return {ErrorCode::kInvalidInput, std::move(m), {}}; }
  static Error not_found(std::string m) { return {ErrorCode::kNotFound, std::move(m), {}}; }
  static Error conflict(std::string m) { return {ErrorCode::kConflict, std::move(m), {}}; }
  static Error unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m), {}}; }
  static Error corrupt(std::string m) { return {ErrorCode::kCorrupt, std::move(m), {}}; }
  static Error internal(std::string m) { return {ErrorCode::kInternal, std::move(m), {}}; }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Precondition: !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace arxiv
