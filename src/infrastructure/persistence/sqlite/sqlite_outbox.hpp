#pragma once
#include "application/ports/outbox.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// rampart:begin(iam)
// SqliteOneTimeTokenRepository: one-time tokens (hashes only) of the mail flows.
class SqliteOneTimeTokenRepository final : public application::OneTimeTokenRepository {
 public:
  explicit SqliteOneTimeTokenRepository(Connection& connection) : connection_(connection) {}
  void Issue(const application::OneTimeToken& token) override;
  std::optional<application::OneTimeToken> Find(std::string_view token_hash) override;
  bool Consume(std::string_view token_hash, domain::TimePoint at) override;

 private:
  Connection& connection_;
};
// rampart:end

// SqliteOutboxRepository is the transactional outbox table.
class SqliteOutboxRepository final : public application::OutboxRepository {
 public:
  explicit SqliteOutboxRepository(Connection& connection) : connection_(connection) {}
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
  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite
