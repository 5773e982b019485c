#include "infrastructure/persistence/sqlite/sqlite_inbox.hpp"

#include <algorithm>

namespace rampart::infrastructure::sqlite {

bool SqliteInboxRepository::Record(std::string_view consumer, std::string_view message_id,
                                   domain::TimePoint at) {
  return connection_
             .Prepare(
                 "INSERT INTO inbox (consumer, message_id, handled_at) VALUES (?, ?, ?)"
                 " ON CONFLICT (consumer, message_id) DO NOTHING")
             .BindAll(consumer, message_id, at)
             .Execute() == 1;
}

bool SqliteInboxRepository::Contains(std::string_view consumer, std::string_view message_id) {
  auto query = connection_.Prepare("SELECT 1 FROM inbox WHERE consumer = ? AND message_id = ?");
  query.BindAll(consumer, message_id);
  return query.Next();
}

int SqliteInboxRepository::DeleteOlderThan(domain::TimePoint bound, int limit) {
  return connection_
      .Prepare(
          "DELETE FROM inbox WHERE (consumer, message_id) IN (SELECT consumer, message_id"
          " FROM inbox WHERE handled_at < ? ORDER BY handled_at LIMIT ?)")
      .BindAll(bound, std::max(limit, 0))
      .Execute();
}

void SqliteDeliveryFailureRepository::Save(const application::DeliveryFailure& failure) {
  connection_
      .Prepare(
          "INSERT INTO delivery_failures (queue, message_id, consumer, receive_count, error,"
          " failed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (queue, message_id) DO UPDATE SET"
          " consumer = excluded.consumer, receive_count = excluded.receive_count,"
          " error = excluded.error, failed_at = excluded.failed_at")
      .BindAll(failure.queue, failure.message_id, failure.consumer, failure.receive_count,
               failure.error, failure.failed_at)
      .Execute();
}

std::vector<application::DeliveryFailure> SqliteDeliveryFailureRepository::Find(
    std::string_view queue, const std::vector<std::string>& message_ids) {
  std::vector<application::DeliveryFailure> failures;
  for (const auto& id : message_ids) {
    auto query = connection_.Prepare(
        "SELECT consumer, receive_count, error, failed_at FROM delivery_failures"
        " WHERE queue = ? AND message_id = ?");
    query.BindAll(queue, id);
    if (!query.Next()) continue;
    failures.push_back({.queue = std::string(queue),
                        .message_id = id,
                        .consumer = query.Text(0),
                        .receive_count = static_cast<int>(query.Int(1)),
                        .error = query.Text(2),
                        .failed_at = query.Time(3)});
  }
  return failures;
}

int SqliteDeliveryFailureRepository::DeleteOlderThan(domain::TimePoint bound, int limit) {
  return connection_
      .Prepare(
          "DELETE FROM delivery_failures WHERE (queue, message_id) IN (SELECT queue, message_id"
          " FROM delivery_failures WHERE failed_at < ? ORDER BY failed_at LIMIT ?)")
      .BindAll(bound, std::max(limit, 0))
      .Execute();
}

}  // namespace rampart::infrastructure::sqlite
