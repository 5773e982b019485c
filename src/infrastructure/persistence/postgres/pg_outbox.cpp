#include "infrastructure/persistence/postgres/pg_outbox.hpp"

#include <algorithm>
#include <utility>

namespace rampart::infrastructure::postgres {

namespace {

// rampart:begin(iam)
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
// rampart:end

constexpr Statement kAppend{
    "outbox_append",
    "INSERT INTO outbox (id, aggregate_id, type, payload, created_at, attempts, next_attempt_at,"
    " stream) VALUES ($1, $2, $3, $4, to_timestamp($5), $6, to_timestamp($5), $7)"};
constexpr Statement kPending{
    "outbox_pending",
    "SELECT seq, id, aggregate_id, type, payload, extract(epoch from created_at)::bigint,"
    " attempts, extract(epoch from next_attempt_at)::bigint, stream FROM outbox"
    " WHERE stream = $1 AND sent_at IS NULL AND dead_at IS NULL ORDER BY seq LIMIT $2"};
// The heads of the aggregates (no earlier unsent live message of the same aggregate) that are
// due, locked and leased in one statement. SKIP LOCKED: a head another relay is claiming at this
// moment is left to it, and its aggregate's next message is no head while it is unsent, so two
// relays never hold messages of one aggregate at once. RETURNING's order is not the scan's: the
// caller sorts by seq.
constexpr Statement kClaim{
    "outbox_claim",
    "WITH heads AS (SELECT seq FROM outbox o WHERE stream = $1 AND sent_at IS NULL"
    " AND dead_at IS NULL AND next_attempt_at <= to_timestamp($2) AND NOT EXISTS"
    " (SELECT 1 FROM outbox p WHERE p.stream = o.stream AND p.aggregate_id = o.aggregate_id"
    " AND p.sent_at IS NULL AND p.dead_at IS NULL AND p.seq < o.seq)"
    " ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED)"
    " UPDATE outbox SET next_attempt_at = to_timestamp($3) FROM heads"
    " WHERE outbox.seq = heads.seq RETURNING outbox.seq, id, aggregate_id, type, payload,"
    " extract(epoch from created_at)::bigint, attempts, extract(epoch from "
    "next_attempt_at)::bigint,"
    " stream"};
constexpr Statement kMarkSent{
    "outbox_mark_sent",
    "UPDATE outbox SET sent_at = to_timestamp($1), last_error = '', payload = ''"
    " WHERE id = ANY($2::uuid[])"};
constexpr Statement kMarkFailed{
    "outbox_mark_failed",
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = to_timestamp($1),"
    " last_error = $2 WHERE id = $3"};
constexpr Statement kMarkDead{
    "outbox_mark_dead",
    "UPDATE outbox SET attempts = attempts + 1, dead_at = to_timestamp($1),"
    " last_error = $2 WHERE id = $3"};
constexpr Statement kStats{
    "outbox_stats",
    "SELECT count(*), extract(epoch from min(created_at))::bigint, (SELECT count(*) FROM outbox"
    " WHERE stream = $1 AND dead_at IS NOT NULL AND sent_at IS NULL)"
    " FROM outbox WHERE stream = $1 AND sent_at IS NULL AND dead_at IS NULL"};
constexpr Statement kRevive{
    "outbox_revive",
    "UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = to_timestamp($1)"
    " WHERE stream = $2 AND dead_at IS NOT NULL AND sent_at IS NULL"};
constexpr Statement kDeleteSent{
    "outbox_delete_sent",
    "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE sent_at IS NOT NULL"
    " AND sent_at < to_timestamp($1) ORDER BY sent_at LIMIT $2 FOR UPDATE SKIP LOCKED)"};

application::OutboxMessage MessageOf(const PgResult& result, int row) {
  return {.id = result.Text(row, 1),
          .aggregate_id = result.Text(row, 2),
          .type = result.Text(row, 3),
          .payload = result.Text(row, 4),
          .created_at = result.Time(row, 5),
          .attempts = static_cast<int>(result.Int(row, 6)),
          .next_attempt_at = result.Time(row, 7),
          .stream = result.Text(row, 8)};
}

}  // namespace

// rampart:begin(iam)
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
// rampart:end

void PgOutboxRepository::Append(const application::OutboxMessage& message) {
  transaction_.Defer(kAppend,
                     ParamsOf(message.id, message.aggregate_id, message.type, message.payload,
                              message.created_at, message.attempts, message.stream));
}

std::vector<application::OutboxMessage> PgOutboxRepository::Pending(std::string_view stream,
                                                                    int limit) {
  const auto result = transaction_.Query(kPending, ParamsOf(stream, limit));
  std::vector<application::OutboxMessage> messages;
  for (int row = 0; row < result.Rows(); ++row) messages.push_back(MessageOf(result, row));
  return messages;
}

std::vector<application::OutboxMessage> PgOutboxRepository::Claim(std::string_view stream,
                                                                  domain::TimePoint now,
                                                                  domain::TimePoint lease_until,
                                                                  int limit) {
  const auto result = transaction_.Query(kClaim, ParamsOf(stream, now, lease_until, limit));
  std::vector<std::pair<long long, application::OutboxMessage>> claimed;
  for (int row = 0; row < result.Rows(); ++row) {
    claimed.emplace_back(result.Int(row, 0), MessageOf(result, row));
  }
  std::sort(claimed.begin(), claimed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<application::OutboxMessage> messages;
  for (auto& [seq, message] : claimed) messages.push_back(std::move(message));
  return messages;
}

void PgOutboxRepository::MarkSent(const std::vector<std::string>& ids, domain::TimePoint at) {
  std::vector<std::string> valid;
  for (const auto& id : ids) {
    if (IsUuid(id)) valid.push_back(id);
  }
  if (valid.empty()) return;
  transaction_.Defer(kMarkSent, ParamsOf(at, TextArray(valid)));
}

void PgOutboxRepository::MarkFailed(std::string_view id, domain::TimePoint next_attempt_at,
                                    std::string_view error) {
  if (!IsUuid(id)) return;
  transaction_.Defer(kMarkFailed, ParamsOf(next_attempt_at, error, id));
}

void PgOutboxRepository::MarkDead(std::string_view id, domain::TimePoint at,
                                  std::string_view error) {
  if (!IsUuid(id)) return;
  transaction_.Defer(kMarkDead, ParamsOf(at, error, id));
}

application::OutboxRepository::Stats PgOutboxRepository::PendingStats(std::string_view stream) {
  const auto result = transaction_.Query(kStats, ParamsOf(stream));
  return {.pending = result.Int(0, 0),
          .oldest_created_at = result.OptionalTime(0, 1),
          .dead = result.Int(0, 2)};
}

int PgOutboxRepository::Revive(std::string_view stream, domain::TimePoint now) {
  return static_cast<int>(transaction_.Query(kRevive, ParamsOf(now, stream)).Affected());
}

int PgOutboxRepository::DeleteSentBefore(domain::TimePoint bound, int limit) {
  return static_cast<int>(
      transaction_.Query(kDeleteSent, ParamsOf(bound, std::max(limit, 0))).Affected());
}

}  // namespace rampart::infrastructure::postgres
