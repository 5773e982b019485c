#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

// PgAddressFailureRepository: failed-login counters of addresses without an account (table
// address_failures). Counting serialises per address on a transaction-scoped advisory lock, which
// exists before the row does (a row lock cannot guard the first failure); Save is deferred (sent
// with the next statement or COMMIT).
class PgAddressFailureRepository final : public application::AddressFailureRepository {
 public:
  explicit PgAddressFailureRepository(PgTransaction& transaction) : transaction_(transaction) {}
  std::optional<domain::AddressFailures> Find(std::string_view key) override;
  std::optional<domain::AddressFailures> FindForUpdate(std::string_view key) override;
  void Save(const domain::AddressFailures& counter) override;
  int DeleteOlderThan(domain::TimePoint bound, int limit) override;

 private:
  PgTransaction& transaction_;
};

}  // namespace rampart::infrastructure::postgres
