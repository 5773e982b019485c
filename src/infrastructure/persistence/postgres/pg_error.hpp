#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace rampart::infrastructure::postgres {

// PgError is a statement the server rejected (constraint violation, syntax error, ...). The
// connection is still usable. Connection-level failures are application::DependencyUnavailable
// instead.
class PgError : public std::runtime_error {
 public:
  PgError(std::string sqlstate, std::string constraint, const std::string& message)
      : std::runtime_error(message),
        sqlstate_(std::move(sqlstate)),
        constraint_(std::move(constraint)) {}
  // sqlstate returns the five-character SQLSTATE, e.g. "23505".
  const std::string& sqlstate() const { return sqlstate_; }
  // constraint returns the violated constraint or index, when the server named one.
  const std::string& constraint() const { return constraint_; }
  bool IsUniqueViolation() const { return sqlstate_ == "23505"; }
  // IsCancelled returns true for 57014: the statement was cancelled (statement_timeout or our
  // PQcancel).
  bool IsCancelled() const { return sqlstate_ == "57014"; }

 private:
  std::string sqlstate_;
  std::string constraint_;
};

}  // namespace rampart::infrastructure::postgres
