// core/status.hpp — errors as values.
//
// Every fallible operation inside wcp returns a Status or a Result<T>; the
// HTTP layer maps ErrorCode to a status code and an RFC 7807 body, the CLI
// maps it to an exit code. Exceptions never cross a component boundary.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace wcp {

enum class ErrorCode {
  kOk = 0,
  kInvalid,       // the caller sent something malformed or out of range
  kNotFound,      // the thing asked for does not exist
  kConflict,      // the write contradicts stored state (duplicate, stale version)
  kUnauthorized,  // no or bad credentials
  kForbidden,     // credentials fine, permission missing
  kBusy,          // temporarily unable (locked database, full queue); retry later
  kRateLimited,   // the caller is throttled (e.g. too many failed logins)
  kTooLarge,      // the input exceeds a configured limit
  kUnavailable,   // a dependency (database, file) cannot be reached
  kInternal,      // a bug or an unexpected failure of a dependency
};

// Stable lowercase name, used in problem `type` URIs and logs.
std::string_view ErrorCodeName(ErrorCode code);

// A Status is OK or an error code with a human message and, optionally, the
// name of the offending field (a JSON pointer, a CSV column, a config key).
class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }
  static Status Invalid(std::string msg, std::string field = {}) {
    return {ErrorCode::kInvalid, std::move(msg), std::move(field)};
  }
  static Status NotFound(std::string msg) { return {ErrorCode::kNotFound, std::move(msg)}; }
  static Status Conflict(std::string msg, std::string field = {}) {
    return {ErrorCode::kConflict, std::move(msg), std::move(field)};
  }
  static Status Unauthorized(std::string msg) { return {ErrorCode::kUnauthorized, std::move(msg)}; }
  static Status Forbidden(std::string msg, std::string field = {}) {
    return {ErrorCode::kForbidden, std::move(msg), std::move(field)};
  }
  static Status Busy(std::string msg) { return {ErrorCode::kBusy, std::move(msg)}; }
  static Status RateLimited(std::string msg) { return {ErrorCode::kRateLimited, std::move(msg)}; }
  static Status TooLarge(std::string msg, std::string field = {}) {
    return {ErrorCode::kTooLarge, std::move(msg), std::move(field)};
  }
  static Status Unavailable(std::string msg, std::string field = {}) {
    return {ErrorCode::kUnavailable, std::move(msg), std::move(field)};
  }
  static Status Internal(std::string msg) { return {ErrorCode::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // "invalid: message (field: x) [internal detail]" — for logs and the CLI.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

  // Detail for operators only (a database driver's text): logged with the
  // request id and shown by the CLI, never put in an HTTP response.
  Status WithInternalDetail(std::string detail) const;
  const std::string& internal_detail() const { return internal_detail_; }

  // A stable message code and its parameters ("not-a-decimal", {value: "3.5%"}),
  // so that a client words the error in its user's language (the problem
  // body's `code` and `params`); message() stays the English detail.
  using Params = std::vector<std::pair<std::string, std::string>>;
  Status WithCode(std::string code, Params params = {}) const;
  const std::string& message_code() const { return message_code_; }
  const Params& params() const { return params_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string field_;
  std::string internal_detail_;
  std::string message_code_;
  Params params_;
};

// Result<T> holds a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).ok() && "Result built from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace wcp

// Propagates a non-OK Status from an expression returning Status.
#define WCP_RETURN_IF_ERROR(expr)            \
  do {                                       \
    ::wcp::Status wcp_status_ = (expr);      \
    if (!wcp_status_.ok()) return wcp_status_; \
  } while (0)

#define WCP_CONCAT_INNER_(a, b) a##b
#define WCP_CONCAT_(a, b) WCP_CONCAT_INNER_(a, b)
// `WCP_ASSIGN_OR_RETURN(auto x, Fallible());` declares x from a Result or returns its Status.
#define WCP_ASSIGN_OR_RETURN(decl, expr) \
  WCP_ASSIGN_OR_RETURN_IMPL_(WCP_CONCAT_(wcp_result_, __LINE__), decl, expr)
#define WCP_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  decl = std::move(tmp).value()
