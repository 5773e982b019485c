#pragma once
#include <chrono>
#include <vector>

#include "application/ports/unit_of_work.hpp"
#include "infrastructure/persistence/postgres/pg_pool.hpp"
#include "infrastructure/persistence/postgres/pg_result.hpp"

namespace rampart::infrastructure::postgres {

// PgTransaction is the transaction of one unit of work on a leased connection, shared by its
// repositories. It saves round trips with pipelining: BEGIN is not sent on its own but together
// with the first statement, and writes whose outcome the caller does not need (Defer) travel with
// the next statement or the COMMIT. An error of a deferred write surfaces at that later call.
class PgTransaction {
 public:
  PgTransaction(PgPool::Lease lease, application::TransactionMode mode,
                std::chrono::milliseconds timeout);
  // Rolls back unless committed (a read-only transaction without waiting for the answer).
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  // Run runs the statements (after any pending BEGIN and deferred writes) in one round trip and
  // returns their results. Throws PgError / DependencyUnavailable.
  std::vector<PgResult> Run(std::vector<Command> commands);
  PgResult Query(const Statement& statement, Params params);
  // Defer queues a write to be sent with the next Run/Query/Commit.
  void Defer(const Statement& statement, Params params);
  // Commit throws std::logic_error when called twice; on failure the transaction rolls back.
  void Commit();

 private:
  PgPool::Lease lease_;
  const application::TransactionMode mode_;
  const std::chrono::milliseconds timeout_;
  std::vector<Command> deferred_;
  bool begun_ = false;
  bool committed_ = false;
};

// IsUuid returns whether `text` is a UUID in canonical 8-4-4-4-12 hex form (any case). Ids from
// outside (tokens, paths) are checked before they reach a uuid parameter, which would reject them
// with an error that aborts the transaction.
bool IsUuid(std::string_view text);

}  // namespace rampart::infrastructure::postgres
