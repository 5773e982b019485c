#pragma once
// Ports of the consumers' side of messaging: the inbox that makes a consumer idempotent, and the
// last error of each message a consumer failed to handle (shown beside the dead letters). Both
// live in the application database, inside a unit of work.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace rampart::application {

class InboxRepository {
 public:
  virtual ~InboxRepository() = default;
  // Record records that `consumer` handled the message with this id (the id the message carries:
  // the mail's id, the CloudEvent's id). False when it was recorded before: a duplicate delivery.
  // Two concurrent units of work recording the same pair: one gets true, the other false once the
  // first committed (or true, if the first rolled back).
  virtual bool Record(std::string_view consumer, std::string_view message_id,
                      domain::TimePoint at) = 0;
  virtual bool Contains(std::string_view consumer, std::string_view message_id) = 0;
  // DeleteOlderThan (housekeeping) deletes at most `limit` entries recorded before `bound`; how
  // many went.
  virtual int DeleteOlderThan(domain::TimePoint bound, int limit) = 0;
};

// DeliveryFailure: why a consumer could not handle a message, the last time it failed.
struct DeliveryFailure {
  std::string queue;       // "mail" or "events"
  std::string message_id;  // the queue's message id (kept in the dead-letter queue)
  std::string consumer;
  int receive_count = 0;  // the receive that failed
  std::string error;      // never a secret: what the consumer logged
  domain::TimePoint failed_at{};
};

class DeliveryFailureRepository {
 public:
  virtual ~DeliveryFailureRepository() = default;
  // Save inserts the failure or overwrites the earlier one of the same queue and message.
  virtual void Save(const DeliveryFailure& failure) = 0;
  // Find returns the failures of these messages of `queue` (those that have one).
  virtual std::vector<DeliveryFailure> Find(std::string_view queue,
                                            const std::vector<std::string>& message_ids) = 0;
  // DeleteOlderThan (housekeeping) deletes at most `limit` failures recorded before `bound`; how
  // many went.
  virtual int DeleteOlderThan(domain::TimePoint bound, int limit) = 0;
};

}  // namespace rampart::application
