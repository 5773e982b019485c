#include "infrastructure/persistence/sqlite/sqlite_unit_of_work.hpp"

#include <stdexcept>

namespace rampart::infrastructure::sqlite {

SqliteUnitOfWork::SqliteUnitOfWork(WriteGate::Pass writer, ConnectionPool::Lease connection,
                                   application::TransactionMode mode)
    : writer_(std::move(writer)),
      connection_(std::move(connection)),
      audit_(*connection_),
      outbox_(*connection_),
      inbox_(*connection_),
      delivery_failures_(*connection_),
      // rampart:begin(iam)
      notes_(*connection_),
      users_(*connection_),
      roles_(*connection_),
      sessions_(*connection_),
      one_time_tokens_(*connection_),
      address_failures_(*connection_),
      second_factors_(*connection_),
      service_accounts_(*connection_),
      api_keys_(*connection_) {
      // rampart:else
      // notes_(*connection_) {
      // rampart:end
  const bool read = mode == application::TransactionMode::kRead;
  connection_->Prepare(read ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE").Execute();
  connection_->set_read_only(read);
}

SqliteUnitOfWork::~SqliteUnitOfWork() {
  if (committed_ || !connection_->InTransaction()) return;
  try {
    connection_->set_read_only(false);
    connection_->Prepare("ROLLBACK").Execute();
  } catch (...) {
    // The pool discards a connection still inside a transaction.
  }
}

void SqliteUnitOfWork::Commit() {
  if (committed_) throw std::logic_error("the unit of work is already committed");
  connection_->Prepare("COMMIT").Execute();
  committed_ = true;
  // Let the next writer in now rather than when this object goes out of scope.
  writer_.Release();
}

}  // namespace rampart::infrastructure::sqlite
