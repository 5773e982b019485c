#include "infrastructure/persistence/sqlite/sqlite_outbox.hpp"

namespace rampart::infrastructure::sqlite {

void SqliteOneTimeTokenRepository::Issue(const application::OneTimeToken& token) {
  connection_
      .Prepare(
          "UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = ?"
          " AND used_at IS NULL")
      .BindAll(token.created_at, token.user_id, token.purpose)
      .Execute();
  connection_
      .Prepare(
          "INSERT INTO one_time_tokens (token_hash, user_id, purpose, email, created_at,"
          " expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .BindAll(token.token_hash, token.user_id, token.purpose, token.email, token.created_at,
               token.expires_at, token.used_at)
      .Execute();
}

std::optional<application::OneTimeToken> SqliteOneTimeTokenRepository::Find(
    std::string_view token_hash) {
  auto query = connection_.Prepare(
      "SELECT token_hash, user_id, purpose, created_at, expires_at, used_at, email"
      " FROM one_time_tokens WHERE token_hash = ?");
  query.Bind(1, token_hash);
  if (!query.Next()) return std::nullopt;
  return application::OneTimeToken{.token_hash = query.Text(0),
                                   .user_id = query.Text(1),
                                   .purpose = query.Text(2),
                                   .email = query.Text(6),
                                   .created_at = query.Time(3),
                                   .expires_at = query.Time(4),
                                   .used_at = query.OptionalTime(5)};
}

bool SqliteOneTimeTokenRepository::Consume(std::string_view token_hash, domain::TimePoint at) {
  return connection_
             .Prepare(
                 "UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")
             .BindAll(at, token_hash)
             .Execute() == 1;
}

void SqliteOutboxRepository::Append(const application::OutboxMessage& message) {
  connection_
      .Prepare(
          "INSERT INTO outbox (id, aggregate_id, type, payload, created_at, attempts,"
          " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .BindAll(message.id, message.aggregate_id, message.type, message.payload, message.created_at,
               message.attempts, message.created_at)
      .Execute();
}

std::vector<application::OutboxMessage> SqliteOutboxRepository::Pending(int limit) {
  auto query = connection_.Prepare(
      "SELECT id, aggregate_id, type, payload, created_at, attempts, next_attempt_at"
      " FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?");
  query.Bind(1, limit);
  std::vector<application::OutboxMessage> messages;
  while (query.Next()) {
    messages.push_back({.id = query.Text(0),
                        .aggregate_id = query.Text(1),
                        .type = query.Text(2),
                        .payload = query.Text(3),
                        .created_at = query.Time(4),
                        .attempts = static_cast<int>(query.Int(5)),
                        .next_attempt_at = query.Time(6)});
  }
  return messages;
}

void SqliteOutboxRepository::MarkSent(std::string_view id, domain::TimePoint at) {
  connection_.Prepare("UPDATE outbox SET sent_at = ?, last_error = '', payload = '' WHERE id = ?")
      .BindAll(at, id)
      .Execute();
}

void SqliteOutboxRepository::MarkFailed(std::string_view id, domain::TimePoint next_attempt_at,
                                        std::string_view error) {
  connection_
      .Prepare(
          "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
          " WHERE id = ?")
      .BindAll(next_attempt_at, error, id)
      .Execute();
}

application::OutboxRepository::Stats SqliteOutboxRepository::PendingStats() {
  auto query =
      connection_.Prepare("SELECT count(*), min(created_at) FROM outbox WHERE sent_at IS NULL");
  query.Next();
  return {.pending = query.Int(0), .oldest_created_at = query.OptionalTime(1)};
}

}  // namespace rampart::infrastructure::sqlite
