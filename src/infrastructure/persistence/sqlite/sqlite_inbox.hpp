#pragma once
#include "application/ports/inbox.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteInboxRepository is the consumers' inbox.
class SqliteInboxRepository final : public application::InboxRepository {
 public:
  explicit SqliteInboxRepository(Connection& connection) : connection_(connection) {}
  bool Record(std::string_view consumer, std::string_view message_id,
              domain::TimePoint at) override;
  bool Contains(std::string_view consumer, std::string_view message_id) override;
  int DeleteOlderThan(domain::TimePoint bound, int limit) override;

 private:
  Connection& connection_;
};

// SqliteDeliveryFailureRepository: the last error of each message a consumer failed to handle.
class SqliteDeliveryFailureRepository final : public application::DeliveryFailureRepository {
 public:
  explicit SqliteDeliveryFailureRepository(Connection& connection) : connection_(connection) {}
  void Save(const application::DeliveryFailure& failure) override;
  std::vector<application::DeliveryFailure> Find(
      std::string_view queue, const std::vector<std::string>& message_ids) override;
  int DeleteOlderThan(domain::TimePoint bound, int limit) override;

 private:
  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite
