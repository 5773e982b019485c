#pragma once
#include "application/ports/inbox.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

// PgInboxRepository is the consumers' inbox.
class PgInboxRepository final : public application::InboxRepository {
 public:
  explicit PgInboxRepository(PgTransaction& transaction) : transaction_(transaction) {}
  bool Record(std::string_view consumer, std::string_view message_id,
              domain::TimePoint at) override;
  bool Contains(std::string_view consumer, std::string_view message_id) override;
  int DeleteOlderThan(domain::TimePoint bound, int limit) override;

 private:
  PgTransaction& transaction_;
};

// PgDeliveryFailureRepository: the last error of each message a consumer failed to handle; Save is
// deferred.
class PgDeliveryFailureRepository final : public application::DeliveryFailureRepository {
 public:
  explicit PgDeliveryFailureRepository(PgTransaction& transaction) : transaction_(transaction) {}
  void Save(const application::DeliveryFailure& failure) override;
  std::vector<application::DeliveryFailure> Find(
      std::string_view queue, const std::vector<std::string>& message_ids) override;
  int DeleteOlderThan(domain::TimePoint bound, int limit) override;

 private:
  PgTransaction& transaction_;
};

}  // namespace rampart::infrastructure::postgres
