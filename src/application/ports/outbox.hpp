#pragma once
// Ports for the mail flows and the domain events: one-time tokens and the transactional outbox.
// Both live in the application database, inside the unit of work of the change they belong to.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace rampart::application {

// rampart:begin(iam)
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
  // Issue stores the token and marks every unused token of the same user and purpose used at
  // `token.created_at`: a new token supersedes the older ones.
  virtual void Issue(const OneTimeToken& token) = 0;
  virtual std::optional<OneTimeToken> Find(std::string_view token_hash) = 0;
  // Consume marks the token used if it was unused; false when it was used already (two concurrent
  // uses of one token: exactly one wins).
  virtual bool Consume(std::string_view token_hash, domain::TimePoint at) = 0;
};
// rampart:end

// The streams of the outbox: each is published to a queue of its own by a relay of its own.
inline constexpr std::string_view kMailStream = "mail";      // mails, to queue.url
inline constexpr std::string_view kEventsStream = "events";  // CloudEvents, to events.queue_url

struct OutboxMessage {
  std::string id;            // UUID; the queue's deduplication id (the CloudEvent id of an event)
  std::string aggregate_id;  // the queue's message group (FIFO per aggregate)
  std::string type;          // "mail", or the event's type (e.g. "rampart.user.registered")
  std::string payload;       // the queue message body (JSON)
  domain::TimePoint created_at{};
  int attempts = 0;                     // failed publish attempts so far
  domain::TimePoint next_attempt_at{};  // Append: = created_at
  std::string stream{kMailStream};      // which queue it goes to
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  virtual void Append(const OutboxMessage& message) = 0;
  // Pending: unsent live messages of `stream`, oldest first, at most `limit` (tests and tools; the
  // relay claims instead).
  virtual std::vector<OutboxMessage> Pending(std::string_view stream, int limit) = 0;
  // Claim claims messages of `stream` to publish, in a write unit of work: the oldest unsent live
  // message of each aggregate (its head) when it is due at `now`, oldest first, at most `limit`.
  // Each claimed message's next_attempt_at becomes `lease_until`, so no relay claims it again
  // before that (a relay that dies mid-publish leaves it to the next one after the lease).
  // An aggregate's later messages are not claimable while an earlier one is unsent and live,
  // so a claim holds at most one message per aggregate and each aggregate stays in order.
  // Concurrent claims take disjoint messages without waiting for each other (PostgreSQL:
  // FOR UPDATE SKIP LOCKED; SQLite's single writer serialises them).
  virtual std::vector<OutboxMessage> Claim(std::string_view stream, domain::TimePoint now,
                                           domain::TimePoint lease_until, int limit) = 0;
  // MarkSent also empties the payload: a sent mail's one-time token does not stay in the database.
  virtual void MarkSent(const std::vector<std::string>& ids, domain::TimePoint at) = 0;
  // MarkFailed: one more failed attempt; due again at `next_attempt_at`.
  virtual void MarkFailed(std::string_view id, domain::TimePoint next_attempt_at,
                          std::string_view error) = 0;
  // MarkDead gives up on a message the queue refuses for good: kept with its error (one more
  // attempt), never retried, and no longer holding back its aggregate's later messages.
  virtual void MarkDead(std::string_view id, domain::TimePoint at, std::string_view error) = 0;
  struct Stats {
    long long pending = 0;  // unsent and live
    std::optional<domain::TimePoint> oldest_created_at;
    long long dead = 0;
  };
  virtual Stats PendingStats(std::string_view stream) = 0;
  // Revive: dead messages of `stream` live again (due at `now`, attempts from 0); how many.
  virtual int Revive(std::string_view stream, domain::TimePoint now) = 0;
  // DeleteSentBefore (housekeeping) deletes at most `limit` messages sent before `bound`; how many
  // went.
  virtual int DeleteSentBefore(domain::TimePoint bound, int limit) = 0;
};

}  // namespace rampart::application
