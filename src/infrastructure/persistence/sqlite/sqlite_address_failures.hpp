#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteAddressFailureRepository: failed-login counters of addresses without an account (table
// address_failures). A write unit of work holds SQLite's one write lock, so FindForUpdate needs no
// lock of its own.
class SqliteAddressFailureRepository final : public application::AddressFailureRepository {
 public:
  explicit SqliteAddressFailureRepository(Connection& connection) : connection_(connection) {}
  std::optional<domain::AddressFailures> Find(std::string_view key) override;
  std::optional<domain::AddressFailures> FindForUpdate(std::string_view key) override {
    return Find(key);
  }
  void Save(const domain::AddressFailures& counter) override;
  int DeleteOlderThan(domain::TimePoint bound, int limit) override;

 private:
  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite
