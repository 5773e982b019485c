#pragma once
#include "application/ports/outbox.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

// rampart:begin(iam)
// PgOneTimeTokenRepository: one-time tokens (hashes only) of the mail flows.
class PgOneTimeTokenRepository final : public application::OneTimeTokenRepository {
 public:
  explicit PgOneTimeTokenRepository(PgTransaction& transaction) : transaction_(transaction) {}
  void Issue(const application::OneTimeToken& token) override;
  std::optional<application::OneTimeToken> Find(std::string_view token_hash) override;
  bool Consume(std::string_view token_hash, domain::TimePoint at) override;

 private:
  PgTransaction& transaction_;
};
// rampart:end

// PgOutboxRepository is the transactional outbox table; Append is deferred (sent with the next
// statement or COMMIT).
class PgOutboxRepository final : public application::OutboxRepository {
 public:
  explicit PgOutboxRepository(PgTransaction& transaction) : transaction_(transaction) {}
  void Append(const application::OutboxMessage& message) override;
  std::vector<application::OutboxMessage> Pending(std::string_view stream, int limit) override;
  std::vector<application::OutboxMessage> Claim(std::string_view stream, domain::TimePoint now,
                                                domain::TimePoint lease_until, int limit) override;
  void MarkSent(const std::vector<std::string>& ids, domain::TimePoint at) override;
  void MarkFailed(std::string_view id, domain::TimePoint next_attempt_at,
                  std::string_view error) override;
  void MarkDead(std::string_view id, domain::TimePoint at, std::string_view error) override;
  Stats PendingStats(std::string_view stream) override;
  int Revive(std::string_view stream, domain::TimePoint now) override;
  int DeleteSentBefore(domain::TimePoint bound, int limit) override;

 private:
  PgTransaction& transaction_;
};

}  // namespace rampart::infrastructure::postgres
