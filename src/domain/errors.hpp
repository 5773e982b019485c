#pragma once
// The one error vocabulary of rampart. Expected failures travel as values (`Result<T>`);
// the API layer maps each `ErrorCode` to an HTTP status and an RFC 9457 problem type in one place.
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rampart::domain {

enum class ErrorCode {
  kValidation,    // 422, per-field errors
  kUnauthorized,  // 401
  kForbidden,     // 403
  kNotFound,      // 404
  kConflict,      // 409
  // rampart:begin(iam)
  kLocked,        // 429 with Retry-After (brute-force lockout)
  // rampart:end
  kRateLimited,   // 429 with Retry-After
  kUnavailable,   // 503
  kInternal,      // 500
};

struct FieldError {
  std::string field;
  std::string message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;               // safe to show to the client
  std::vector<FieldError> fields;   // only for kValidation
  std::optional<int> retry_after_seconds;

  static Error Validation(std::vector<FieldError> fields,
                          std::string detail = "The request has invalid fields.") {
    return {ErrorCode::kValidation, std::move(detail), std::move(fields), std::nullopt};
  }
  static Error Unauthorized(std::string detail) {
    return {ErrorCode::kUnauthorized, std::move(detail), {}, std::nullopt};
  }
  static Error Forbidden(std::string detail) {
    return {ErrorCode::kForbidden, std::move(detail), {}, std::nullopt};
  }
  static Error NotFound(std::string detail) {
    return {ErrorCode::kNotFound, std::move(detail), {}, std::nullopt};
  }
  static Error Conflict(std::string detail) {
    return {ErrorCode::kConflict, std::move(detail), {}, std::nullopt};
  }
  static Error Unavailable(std::string detail) {
    return {ErrorCode::kUnavailable, std::move(detail), {}, std::nullopt};
  }
  // rampart:begin(iam)
  // Locked: brute-force lockout: 429 `locked` with Retry-After.
  static Error Locked(std::string detail, int retry_after_seconds) {
    return {ErrorCode::kLocked, std::move(detail), {}, retry_after_seconds};
  }
  // rampart:end
};

template <class T>
using Result = std::expected<T, Error>;

// Fail: shorthand for returning an error from a function whose type is Result<T>.
inline std::unexpected<Error> Fail(Error error) { return std::unexpected(std::move(error)); }

}  // namespace rampart::domain
