#pragma once
#include <stdexcept>
#include <string_view>

struct sqlite3;

namespace rampart::infrastructure::sqlite {

// SqliteError is an SQLite failure. `what()` carries SQLite's own message (which names tables and
// columns, never bound values) prefixed by what rampart was doing; `code()` is the extended result
// code.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }
  // IsUniqueViolation returns true for a UNIQUE or PRIMARY KEY violation.
  bool IsUniqueViolation() const;

 private:
  int code_;
};

// ThrowSqliteError throws SqliteError for `code` with the connection's current error message;
// SQLITE_FULL (the disk is full) as application::DependencyUnavailable("database") instead: an
// outage, not a bug.
[[noreturn]] void ThrowSqliteError(sqlite3* db, int code, std::string_view doing);

}  // namespace rampart::infrastructure::sqlite
