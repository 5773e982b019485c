#pragma once
#include "application/ports/unit_of_work.hpp"
#include "infrastructure/persistence/postgres/pg_address_failures.hpp"  // rampart:only(iam)
#include "infrastructure/persistence/postgres/pg_audit_log.hpp"
#include "infrastructure/persistence/postgres/pg_inbox.hpp"
#include "infrastructure/persistence/postgres/pg_note_repository.hpp"
#include "infrastructure/persistence/postgres/pg_outbox.hpp"
// rampart:begin(iam)
#include "infrastructure/persistence/postgres/pg_role_repository.hpp"
#include "infrastructure/persistence/postgres/pg_second_factors.hpp"
#include "infrastructure/persistence/postgres/pg_service_account_repository.hpp"
#include "infrastructure/persistence/postgres/pg_session_repository.hpp"
// rampart:end
#include "infrastructure/persistence/postgres/pg_transaction.hpp"
#include "infrastructure/persistence/postgres/pg_user_repository.hpp"  // rampart:only(iam)

namespace rampart::infrastructure::postgres {

// PgUnitOfWork is one PostgreSQL transaction on a pooled connection: READ COMMITTED for writes
// (each conditional write, an UPDATE ... WHERE that names the state it expects, re-checks its
// condition under the row lock), REPEATABLE READ READ ONLY for reads (one snapshot). Rolled back on destruction unless
// committed.
class PgUnitOfWork final : public application::UnitOfWork {
 public:
  PgUnitOfWork(PgPool::Lease connection, application::TransactionMode mode,
               std::chrono::milliseconds timeout)
      : transaction_(std::move(connection), mode, timeout),
        audit_(transaction_),
        outbox_(transaction_),
        inbox_(transaction_),
        delivery_failures_(transaction_),
        // rampart:begin(iam)
        notes_(transaction_),
        users_(transaction_, read_ahead_),
        roles_(transaction_, read_ahead_),
        sessions_(transaction_, read_ahead_),
        one_time_tokens_(transaction_),
        address_failures_(transaction_),
        second_factors_(transaction_),
        service_accounts_(transaction_),
        api_keys_(transaction_) {}
  // rampart:else
  //   notes_(transaction_) {}
  // rampart:end

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
  void Commit() override { transaction_.Commit(); }

 private:
  PgTransaction transaction_;
  PgAuditLog audit_;
  PgOutboxRepository outbox_;
  PgInboxRepository inbox_;
  PgDeliveryFailureRepository delivery_failures_;
  PgNoteRepository notes_;
  // rampart:begin(iam)
  PgReadAhead read_ahead_;  // rows a refresh reads ahead (pg_read_ahead.hpp)
  PgUserRepository users_;
  PgRoleRepository roles_;
  PgSessionRepository sessions_;
  PgOneTimeTokenRepository one_time_tokens_;
  PgAddressFailureRepository address_failures_;
  PgSecondFactorRepository second_factors_;
  PgServiceAccountRepository service_accounts_;
  PgApiKeyRepository api_keys_;
  // rampart:end
};

}  // namespace rampart::infrastructure::postgres
