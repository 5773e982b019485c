#include "infrastructure/persistence/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace rampart::infrastructure::sqlite {

bool SqliteError::IsUniqueViolation() const {
  return code_ == SQLITE_CONSTRAINT_UNIQUE || code_ == SQLITE_CONSTRAINT_PRIMARYKEY;
}

void ThrowSqliteError(sqlite3* db, int code, std::string_view doing) {
  std::string message = "SQLite: ";
  message.append(doing);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw SqliteError(code, message);
}

}  // namespace rampart::infrastructure::sqlite
