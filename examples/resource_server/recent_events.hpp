#pragma once
// The last CloudEvents this service read from rampart's events queue, newest first, for
// GET /events/recent. Delivery is at least once: an event whose `id` is among the kept ones is a
// redelivery and is not kept twice (docs/events.md: "deduplicate on id").
#include <cstddef>
#include <deque>
#include <expected>
#include <mutex>
#include <string>
#include <string_view>

namespace resource_server {

// EventSummary: the CloudEvents envelope of an event (its `data`, which holds e-mail addresses,
// is logged nowhere and not kept).
struct EventSummary {
  std::string id;
  std::string type;     // "rampart.user.registered", ...
  std::string subject;  // "users/<id>", "roles/<id>", "features/<name>"
  std::string source;
  std::string time;
};

// ParseCloudEvent reads a structured-mode CloudEvents 1.0 JSON body; an error saying what is
// missing otherwise.
std::expected<EventSummary, std::string> ParseCloudEvent(std::string_view body);

// RecentEvents keeps the last `capacity` events. Thread-safe.
class RecentEvents {
 public:
  explicit RecentEvents(std::size_t capacity) : capacity_(capacity) {}

  // Add keeps `event` unless its id is already kept; returns whether it was new.
  bool Add(EventSummary event);
  // Json: {"events":[{"id","type","subject","source","time"},...]}, newest first.
  std::string Json() const;
  std::size_t Size() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<EventSummary> events_;  // newest first
};

}  // namespace resource_server
