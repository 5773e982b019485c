#pragma once
#include "application/ports/unit_of_work.hpp"
#include "infrastructure/persistence/sqlite/connection_pool.hpp"
#include "infrastructure/persistence/sqlite/sqlite_address_failures.hpp"  // rampart:only(iam)
#include "infrastructure/persistence/sqlite/sqlite_audit_log.hpp"
#include "infrastructure/persistence/sqlite/sqlite_inbox.hpp"
#include "infrastructure/persistence/sqlite/sqlite_note_repository.hpp"
#include "infrastructure/persistence/sqlite/sqlite_outbox.hpp"
// rampart:begin(iam)
#include "infrastructure/persistence/sqlite/sqlite_role_repository.hpp"
#include "infrastructure/persistence/sqlite/sqlite_second_factors.hpp"
#include "infrastructure/persistence/sqlite/sqlite_service_account_repository.hpp"
#include "infrastructure/persistence/sqlite/sqlite_session_repository.hpp"
#include "infrastructure/persistence/sqlite/sqlite_user_repository.hpp"
// rampart:end
#include "infrastructure/persistence/sqlite/write_gate.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteUnitOfWork is one SQLite transaction on a pooled connection: `BEGIN DEFERRED` for reads (a
// WAL snapshot that never blocks or waits for writers), `BEGIN IMMEDIATE` for writes (takes the
// write lock up front, so it cannot fail half-way on a lock upgrade). Rolled back on destruction
// unless committed.
class SqliteUnitOfWork final : public application::UnitOfWork {
 public:
  // SqliteUnitOfWork: `writer` is held for write units of work (empty for reads).
  SqliteUnitOfWork(WriteGate::Pass writer, ConnectionPool::Lease connection,
                   application::TransactionMode mode);
  ~SqliteUnitOfWork() override;

  application::AuditLog& Audit() override { return audit_; }
  application::OutboxRepository& Outbox() override { return outbox_; }
  application::InboxRepository& Inbox() override { return inbox_; }
  application::DeliveryFailureRepository& DeliveryFailures() override { return delivery_failures_; }
  application::NoteRepository& Notes() override { return notes_; }
  // rampart:begin(iam)
  application::UserRepository& Users() override { return users_; }
  application::RoleRepository& Roles() override { return roles_; }
  application::SessionRepository& Sessions() override { return sessions_; }
  application::OneTimeTokenRepository& OneTimeTokens() override { return one_time_tokens_; }
  application::AddressFailureRepository& AddressFailures() override { return address_failures_; }
  application::SecondFactorRepository& SecondFactors() override { return second_factors_; }
  application::ServiceAccountRepository& ServiceAccounts() override { return service_accounts_; }
  application::ApiKeyRepository& ApiKeys() override { return api_keys_; }
  // rampart:end
  // Commit throws std::logic_error when called twice; on failure the transaction rolls back.
  void Commit() override;

 private:
  // Declared first, destroyed last: the write lock outlives the connection's transaction.
  WriteGate::Pass writer_;
  ConnectionPool::Lease connection_;
  SqliteAuditLog audit_;
  SqliteOutboxRepository outbox_;
  SqliteInboxRepository inbox_;
  SqliteDeliveryFailureRepository delivery_failures_;
  SqliteNoteRepository notes_;
  // rampart:begin(iam)
  SqliteUserRepository users_;
  SqliteRoleRepository roles_;
  SqliteSessionRepository sessions_;
  SqliteOneTimeTokenRepository one_time_tokens_;
  SqliteAddressFailureRepository address_failures_;
  SqliteSecondFactorRepository second_factors_;
  SqliteServiceAccountRepository service_accounts_;
  SqliteApiKeyRepository api_keys_;
  // rampart:end
  bool committed_ = false;
};

}  // namespace rampart::infrastructure::sqlite
