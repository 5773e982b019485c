#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

// PgAuditLog: appends are deferred: they travel with the next statement or the COMMIT.
class PgAuditLog final : public application::AuditLog {
 public:
  explicit PgAuditLog(PgTransaction& transaction) : transaction_(transaction) {}

  void Append(const domain::AuditEvent& event) override;
  // List returns newest first (ties in insertion order, latest first). A negative limit or offset
  // counts as 0.
  std::vector<domain::AuditEvent> List(const Query& query) override;
  long long Count(const Query& query) override;
  // DeleteOlderThan: rows locked by a concurrent pruner are skipped (FOR UPDATE SKIP LOCKED).
  int DeleteOlderThan(domain::TimePoint bound, int limit) override;

 private:
  PgTransaction& transaction_;
};

}  // namespace rampart::infrastructure::postgres
