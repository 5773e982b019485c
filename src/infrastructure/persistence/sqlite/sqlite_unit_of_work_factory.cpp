#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"

#include <stdexcept>

#include "infrastructure/persistence/sqlite/sqlite_unit_of_work.hpp"

namespace rampart::infrastructure::sqlite {

SqliteUnitOfWorkFactory::SqliteUnitOfWorkFactory(std::shared_ptr<SqliteDatabase> database)
    : database_(std::move(database)) {
  if (database_ == nullptr) throw std::invalid_argument("SqliteUnitOfWorkFactory needs a database");
}

std::unique_ptr<application::UnitOfWork> SqliteUnitOfWorkFactory::Begin(
    application::TransactionMode mode) {
  // The write lock before the connection: queued writers then hold no connection readers need.
  WriteGate::Pass writer;
  if (mode == application::TransactionMode::kWrite) writer = database_->LockWriter();
  return std::make_unique<SqliteUnitOfWork>(std::move(writer), database_->Acquire(), mode);
}

void SqliteUnitOfWorkFactory::Ping() {
  auto connection = database_->Acquire();
  auto query = connection->Prepare("SELECT 1");
  if (!query.Next() || query.Int(0) != 1) throw std::runtime_error("SQLite: ping failed");
}

}  // namespace rampart::infrastructure::sqlite
