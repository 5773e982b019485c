#pragma once
#include <memory>

#include "application/ports/credential_repositories.hpp"  // rampart:only(iam)
#include "application/ports/inbox.hpp"
#include "application/ports/outbox.hpp"
#include "application/ports/repositories.hpp"
#include "application/ports/second_factor_repository.hpp"  // rampart:only(iam)

namespace rampart::application {

// UnitOfWork is a database transaction with the repositories that work inside it. Nothing is
// written until Commit(); destroying an uncommitted unit of work rolls it back. Blocking: run it on
// the worker pool.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual AuditLog& Audit() = 0;
  virtual OutboxRepository& Outbox() = 0;
  virtual InboxRepository& Inbox() = 0;
  virtual DeliveryFailureRepository& DeliveryFailures() = 0;
  virtual NoteRepository& Notes() = 0;
  // rampart:begin(iam)
  virtual UserRepository& Users() = 0;
  virtual RoleRepository& Roles() = 0;
  virtual SessionRepository& Sessions() = 0;
  virtual OneTimeTokenRepository& OneTimeTokens() = 0;
  virtual AddressFailureRepository& AddressFailures() = 0;
  virtual SecondFactorRepository& SecondFactors() = 0;
  virtual ServiceAccountRepository& ServiceAccounts() = 0;
  virtual ApiKeyRepository& ApiKeys() = 0;
  // rampart:end
  virtual void Commit() = 0;
};

enum class TransactionMode {
  kRead,   // may read only; never blocks writers (SQLite WAL snapshot)
  kWrite,  // takes the write lock at the start, so it cannot fail half-way on a lock upgrade
};

class UnitOfWorkFactory {
 public:
  virtual ~UnitOfWorkFactory() = default;
  virtual std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) = 0;
  // Ping: a cheap round trip for health checks; throws when the database is unreachable.
  virtual void Ping() = 0;
};

}  // namespace rampart::application
