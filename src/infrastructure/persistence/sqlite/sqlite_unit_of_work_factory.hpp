#pragma once
#include <memory>

#include "application/ports/unit_of_work.hpp"
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteUnitOfWorkFactory: units of work on an SQLite database. Thread-safe; Begin blocks (up to
// the busy timeout) for a free connection and, for writes, for the write lock.
class SqliteUnitOfWorkFactory final : public application::UnitOfWorkFactory {
 public:
  explicit SqliteUnitOfWorkFactory(std::shared_ptr<SqliteDatabase> database);

  std::unique_ptr<application::UnitOfWork> Begin(application::TransactionMode mode) override;
  // Ping runs `SELECT 1` on a pooled connection.
  void Ping() override;

 private:
  std::shared_ptr<SqliteDatabase> database_;
};

}  // namespace rampart::infrastructure::sqlite
