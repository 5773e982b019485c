#include "infrastructure/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

#include "application/ports/dependency_unavailable.hpp"

namespace rampart::infrastructure::sqlite {

bool SqliteError::IsUniqueViolation() const {
  return code_ == SQLITE_CONSTRAINT_UNIQUE || code_ == SQLITE_CONSTRAINT_PRIMARYKEY;
}

void ThrowSqliteError(sqlite3* db, int code, std::string_view doing) {
  std::string message = "SQLite: ";
  message.append(doing);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  // A full disk is an outage of the database, not a bug: 503 with Retry-After and a coalesced
  // "dependency unavailable" log line naming it (api/middleware/error_boundary.cpp), and the
  // transaction rolled back like any other failure, so nothing is half-written.
  if ((code & 0xff) == SQLITE_FULL) throw application::DependencyUnavailable("database", message);
  throw SqliteError(code, message);
}

}  // namespace rampart::infrastructure::sqlite
