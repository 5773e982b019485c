#include "infrastructure/persistence/postgres/pg_outbox.hpp"

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kSupersede{"one_time_tokens_supersede",
                               "UPDATE one_time_tokens SET used_at = to_timestamp($1)"
                               " WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL"};
constexpr Statement kIssue{
    "one_time_tokens_insert",
    "INSERT INTO one_time_tokens (token_hash, user_id, purpose, email, created_at, expires_at,"
    " used_at) VALUES ($1, $2, $3, $7, to_timestamp($4), to_timestamp($5), to_timestamp($6))"};
constexpr Statement kFind{
    "one_time_tokens_by_hash",
    "SELECT token_hash, user_id, purpose, extract(epoch from created_at)::bigint,"
    " extract(epoch from expires_at)::bigint, extract(epoch from used_at)::bigint, email"
    " FROM one_time_tokens WHERE token_hash = $1"};
constexpr Statement kConsume{"one_time_tokens_consume",
                             "UPDATE one_time_tokens SET used_at = to_timestamp($1)"
                             " WHERE token_hash = $2 AND used_at IS NULL"};

constexpr Statement kAppend{
    "outbox_append",
    "INSERT INTO outbox (id, aggregate_id, type, payload, created_at, attempts, next_attempt_at)"
    " VALUES ($1, $2, $3, $4, to_timestamp($5), $6, to_timestamp($5))"};
constexpr Statement kPending{
    "outbox_pending",
    "SELECT id, aggregate_id, type, payload, extract(epoch from created_at)::bigint, attempts,"
    " extract(epoch from next_attempt_at)::bigint"
    " FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1"};
constexpr Statement kMarkSent{
    "outbox_mark_sent",
    "UPDATE outbox SET sent_at = to_timestamp($1), last_error = '', payload = ''"
    " WHERE id = $2"};
constexpr Statement kMarkFailed{
    "outbox_mark_failed",
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = to_timestamp($1),"
    " last_error = $2 WHERE id = $3"};
constexpr Statement kStats{
    "outbox_stats",
    "SELECT count(*), extract(epoch from min(created_at))::bigint FROM outbox"
    " WHERE sent_at IS NULL"};

}  // namespace

void PgOneTimeTokenRepository::Issue(const application::OneTimeToken& token) {
  if (!IsUuid(token.user_id)) return;
  transaction_.Defer(kSupersede, ParamsOf(token.created_at, token.user_id, token.purpose));
  transaction_.Defer(kIssue,
                     ParamsOf(token.token_hash, token.user_id, token.purpose, token.created_at,
                              token.expires_at, token.used_at, token.email));
}

std::optional<application::OneTimeToken> PgOneTimeTokenRepository::Find(
    std::string_view token_hash) {
  const auto result = transaction_.Query(kFind, ParamsOf(token_hash));
  if (result.Rows() == 0) return std::nullopt;
  return application::OneTimeToken{.token_hash = result.Text(0, 0),
                                   .user_id = result.Text(0, 1),
                                   .purpose = result.Text(0, 2),
                                   .email = result.Text(0, 6),
                                   .created_at = result.Time(0, 3),
                                   .expires_at = result.Time(0, 4),
                                   .used_at = result.OptionalTime(0, 5)};
}

bool PgOneTimeTokenRepository::Consume(std::string_view token_hash, domain::TimePoint at) {
  return transaction_.Query(kConsume, ParamsOf(at, token_hash)).Affected() == 1;
}

void PgOutboxRepository::Append(const application::OutboxMessage& message) {
  transaction_.Defer(kAppend, ParamsOf(message.id, message.aggregate_id, message.type,
                                       message.payload, message.created_at, message.attempts));
}

std::vector<application::OutboxMessage> PgOutboxRepository::Pending(int limit) {
  const auto result = transaction_.Query(kPending, ParamsOf(limit));
  std::vector<application::OutboxMessage> messages;
  for (int row = 0; row < result.Rows(); ++row) {
    messages.push_back({.id = result.Text(row, 0),
                        .aggregate_id = result.Text(row, 1),
                        .type = result.Text(row, 2),
                        .payload = result.Text(row, 3),
                        .created_at = result.Time(row, 4),
                        .attempts = static_cast<int>(result.Int(row, 5)),
                        .next_attempt_at = result.Time(row, 6)});
  }
  return messages;
}

void PgOutboxRepository::MarkSent(std::string_view id, domain::TimePoint at) {
  if (!IsUuid(id)) return;
  transaction_.Defer(kMarkSent, ParamsOf(at, id));
}

void PgOutboxRepository::MarkFailed(std::string_view id, domain::TimePoint next_attempt_at,
                                    std::string_view error) {
  if (!IsUuid(id)) return;
  transaction_.Defer(kMarkFailed, ParamsOf(next_attempt_at, error, id));
}

application::OutboxRepository::Stats PgOutboxRepository::PendingStats() {
  const auto result = transaction_.Query(kStats, ParamsOf());
  return {.pending = result.Int(0, 0), .oldest_created_at = result.OptionalTime(0, 1)};
}

}  // namespace rampart::infrastructure::postgres
