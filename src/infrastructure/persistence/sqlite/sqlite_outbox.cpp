#include "infrastructure/persistence/sqlite/sqlite_outbox.hpp"

#include <algorithm>

namespace rampart::infrastructure::sqlite {

// rampart:begin(iam)
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
// rampart:end

namespace {

constexpr const char* kColumns =
    "seq, id, aggregate_id, type, payload, created_at, attempts, next_attempt_at, stream";

application::OutboxMessage MessageOf(const Query& row) {
  return {.id = row.Text(1),
          .aggregate_id = row.Text(2),
          .type = row.Text(3),
          .payload = row.Text(4),
          .created_at = row.Time(5),
          .attempts = static_cast<int>(row.Int(6)),
          .next_attempt_at = row.Time(7),
          .stream = row.Text(8)};
}

}  // namespace

void SqliteOutboxRepository::Append(const application::OutboxMessage& message) {
  connection_
      .Prepare(
          "INSERT INTO outbox (id, aggregate_id, type, payload, created_at, attempts,"
          " next_attempt_at, stream) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .BindAll(message.id, message.aggregate_id, message.type, message.payload, message.created_at,
               message.attempts, message.created_at, message.stream)
      .Execute();
}

std::vector<application::OutboxMessage> SqliteOutboxRepository::Pending(std::string_view stream,
                                                                        int limit) {
  auto query = connection_.Prepare(std::string("SELECT ") + kColumns +
                                   " FROM outbox WHERE stream = ? AND sent_at IS NULL"
                                   " AND dead_at IS NULL ORDER BY seq LIMIT ?");
  query.BindAll(stream, limit);
  std::vector<application::OutboxMessage> messages;
  while (query.Next()) messages.push_back(MessageOf(query));
  return messages;
}

std::vector<application::OutboxMessage> SqliteOutboxRepository::Claim(std::string_view stream,
                                                                      domain::TimePoint now,
                                                                      domain::TimePoint lease_until,
                                                                      int limit) {
  // The heads: no earlier unsent live message of the same aggregate (outbox_aggregate_idx).
  // SQLite's single writer: no other claim runs between this SELECT and the UPDATEs.
  auto query = connection_.Prepare(
      std::string("SELECT ") + kColumns +
      " FROM outbox o WHERE stream = ? AND sent_at IS NULL AND dead_at IS NULL"
      " AND next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM outbox p"
      " WHERE p.stream = o.stream AND p.aggregate_id = o.aggregate_id AND p.sent_at IS NULL"
      " AND p.dead_at IS NULL AND p.seq < o.seq) ORDER BY seq LIMIT ?");
  query.BindAll(stream, now, limit);
  std::vector<long long> seqs;
  std::vector<application::OutboxMessage> messages;
  while (query.Next()) {
    seqs.push_back(query.Int(0));
    messages.push_back(MessageOf(query));
  }
  for (const auto seq : seqs) {
    connection_.Prepare("UPDATE outbox SET next_attempt_at = ? WHERE seq = ?")
        .BindAll(lease_until, seq)
        .Execute();
  }
  for (auto& message : messages) message.next_attempt_at = lease_until;
  return messages;
}

void SqliteOutboxRepository::MarkSent(const std::vector<std::string>& ids, domain::TimePoint at) {
  for (const auto& id : ids) {
    connection_.Prepare("UPDATE outbox SET sent_at = ?, last_error = '', payload = '' WHERE id = ?")
        .BindAll(at, id)
        .Execute();
  }
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

void SqliteOutboxRepository::MarkDead(std::string_view id, domain::TimePoint at,
                                      std::string_view error) {
  connection_
      .Prepare(
          "UPDATE outbox SET attempts = attempts + 1, dead_at = ?, last_error = ? WHERE id = ?")
      .BindAll(at, error, id)
      .Execute();
}

application::OutboxRepository::Stats SqliteOutboxRepository::PendingStats(std::string_view stream) {
  auto query = connection_.Prepare(
      "SELECT count(*), min(created_at), (SELECT count(*) FROM outbox WHERE stream = ?1"
      " AND dead_at IS NOT NULL AND sent_at IS NULL)"
      " FROM outbox WHERE stream = ?1 AND sent_at IS NULL AND dead_at IS NULL");
  query.Bind(1, stream);
  query.Next();
  return {
      .pending = query.Int(0), .oldest_created_at = query.OptionalTime(1), .dead = query.Int(2)};
}

int SqliteOutboxRepository::Revive(std::string_view stream, domain::TimePoint now) {
  return connection_
      .Prepare(
          "UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = ?"
          " WHERE stream = ? AND dead_at IS NOT NULL AND sent_at IS NULL")
      .BindAll(now, stream)
      .Execute();
}

int SqliteOutboxRepository::DeleteSentBefore(domain::TimePoint bound, int limit) {
  return connection_
      .Prepare(
          "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE sent_at IS NOT NULL"
          " AND sent_at < ? ORDER BY sent_at LIMIT ?)")
      .BindAll(bound, std::max(limit, 0))
      .Execute();
}

}  // namespace rampart::infrastructure::sqlite
