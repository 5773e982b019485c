#pragma once
// Ports for the mail flows: one-time tokens and the transactional outbox. Both live in the
// application database, inside the unit of work of the change they belong to.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace rampart::application {

// Purposes of one-time tokens.
inline constexpr std::string_view kVerifyEmailPurpose = "verify_email";
inline constexpr std::string_view kResetPasswordPurpose = "reset_password";

struct OneTimeToken {
  std::string token_hash;  // SHA-256 (hex) of the token mailed to the user
  std::string user_id;
  std::string purpose;
  std::string email;  // the address it was mailed to; it works only while the account has it
  domain::TimePoint created_at{};
  domain::TimePoint expires_at{};
  std::optional<domain::TimePoint> used_at;
};

class OneTimeTokenRepository {
 public:
  virtual ~OneTimeTokenRepository() = default;
  // Stores the token and marks every unused token of the same user and purpose used at
  // `token.created_at`: a new token supersedes the older ones.
  virtual void Issue(const OneTimeToken& token) = 0;
  virtual std::optional<OneTimeToken> Find(std::string_view token_hash) = 0;
  // Marks the token used if it was unused; false when it was used already (two concurrent
  // uses of one token: exactly one wins).
  virtual bool Consume(std::string_view token_hash, domain::TimePoint at) = 0;
};

struct OutboxMessage {
  std::string id;            // UUID; the queue's deduplication id
  std::string aggregate_id;  // the queue's message group (FIFO per aggregate)
  std::string type;          // e.g. "mail"
  std::string payload;       // the queue message body (JSON)
  domain::TimePoint created_at{};
  int attempts = 0;                     // failed publish attempts so far
  domain::TimePoint next_attempt_at{};  // Append: = created_at
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  virtual void Append(const OutboxMessage& message) = 0;
  // Unsent messages, oldest first, at most `limit`. Messages not due yet are included: the
  // dispatcher keeps each aggregate's order, so it skips an aggregate behind one not due.
  virtual std::vector<OutboxMessage> Pending(int limit) = 0;
  // Also empties the payload: a sent mail's one-time token does not stay in the database.
  virtual void MarkSent(std::string_view id, domain::TimePoint at) = 0;
  virtual void MarkFailed(std::string_view id, domain::TimePoint next_attempt_at,
                          std::string_view error) = 0;
  struct Stats {
    long long pending = 0;
    std::optional<domain::TimePoint> oldest_created_at;
  };
  virtual Stats PendingStats() = 0;
};

}  // namespace rampart::application
