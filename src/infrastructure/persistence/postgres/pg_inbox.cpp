#include "infrastructure/persistence/postgres/pg_inbox.hpp"

#include <algorithm>

namespace rampart::infrastructure::postgres {

namespace {

// ON CONFLICT DO NOTHING waits for a concurrent transaction inserting the same pair, then
// inserts (it rolled back) or does nothing (it committed): exactly one of them records it.
constexpr Statement kRecord{"inbox_record",
                            "INSERT INTO inbox (consumer, message_id, handled_at)"
                            " VALUES ($1, $2, to_timestamp($3)) ON CONFLICT DO NOTHING"};
constexpr Statement kContains{"inbox_contains",
                              "SELECT 1 FROM inbox WHERE consumer = $1 AND message_id = $2"};
constexpr Statement kDeleteInbox{
    "inbox_delete_older",
    "DELETE FROM inbox WHERE (consumer, message_id) IN (SELECT consumer, message_id FROM inbox"
    " WHERE handled_at < to_timestamp($1) ORDER BY handled_at LIMIT $2 FOR UPDATE SKIP LOCKED)"};

constexpr Statement kSaveFailure{
    "delivery_failures_save",
    "INSERT INTO delivery_failures (queue, message_id, consumer, receive_count, error, failed_at)"
    " VALUES ($1, $2, $3, $4, $5, to_timestamp($6)) ON CONFLICT (queue, message_id) DO UPDATE"
    " SET consumer = excluded.consumer, receive_count = excluded.receive_count,"
    " error = excluded.error, failed_at = excluded.failed_at"};
constexpr Statement kFindFailures{
    "delivery_failures_find",
    "SELECT message_id, consumer, receive_count, error, extract(epoch from failed_at)::bigint"
    " FROM delivery_failures WHERE queue = $1 AND message_id = ANY($2::text[])"};
constexpr Statement kDeleteFailures{
    "delivery_failures_delete_older",
    "DELETE FROM delivery_failures WHERE (queue, message_id) IN (SELECT queue, message_id"
    " FROM delivery_failures WHERE failed_at < to_timestamp($1) ORDER BY failed_at LIMIT $2"
    " FOR UPDATE SKIP LOCKED)"};

}  // namespace

bool PgInboxRepository::Record(std::string_view consumer, std::string_view message_id,
                               domain::TimePoint at) {
  return transaction_.Query(kRecord, ParamsOf(consumer, message_id, at)).Affected() == 1;
}

bool PgInboxRepository::Contains(std::string_view consumer, std::string_view message_id) {
  return transaction_.Query(kContains, ParamsOf(consumer, message_id)).Rows() > 0;
}

int PgInboxRepository::DeleteOlderThan(domain::TimePoint bound, int limit) {
  return static_cast<int>(
      transaction_.Query(kDeleteInbox, ParamsOf(bound, std::max(limit, 0))).Affected());
}

void PgDeliveryFailureRepository::Save(const application::DeliveryFailure& failure) {
  transaction_.Defer(kSaveFailure,
                     ParamsOf(failure.queue, failure.message_id, failure.consumer,
                              failure.receive_count, failure.error, failure.failed_at));
}

std::vector<application::DeliveryFailure> PgDeliveryFailureRepository::Find(
    std::string_view queue, const std::vector<std::string>& message_ids) {
  std::vector<application::DeliveryFailure> failures;
  if (message_ids.empty()) return failures;
  const auto result = transaction_.Query(kFindFailures, ParamsOf(queue, TextArray(message_ids)));
  for (int row = 0; row < result.Rows(); ++row) {
    failures.push_back({.queue = std::string(queue),
                        .message_id = result.Text(row, 0),
                        .consumer = result.Text(row, 1),
                        .receive_count = static_cast<int>(result.Int(row, 2)),
                        .error = result.Text(row, 3),
                        .failed_at = result.Time(row, 4)});
  }
  return failures;
}

int PgDeliveryFailureRepository::DeleteOlderThan(domain::TimePoint bound, int limit) {
  return static_cast<int>(
      transaction_.Query(kDeleteFailures, ParamsOf(bound, std::max(limit, 0))).Affected());
}

}  // namespace rampart::infrastructure::postgres
