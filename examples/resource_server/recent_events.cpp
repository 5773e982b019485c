#include "recent_events.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace resource_server {

namespace json = boost::json;

std::expected<EventSummary, std::string> ParseCloudEvent(std::string_view body) {
  boost::system::error_code error;
  const json::value parsed = json::parse(body, error);
  const auto* event = error ? nullptr : parsed.if_object();
  if (event == nullptr) return std::unexpected("not a JSON object");
  const auto text = [event](std::string_view name) -> std::string {
    const auto* value = event->if_contains(name);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : "";
  };
  if (text("specversion") != "1.0") return std::unexpected("not a CloudEvents 1.0 event");
  EventSummary summary{.id = text("id"),
                       .type = text("type"),
                       .subject = text("subject"),
                       .source = text("source"),
                       .time = text("time")};
  if (summary.id.empty() || summary.type.empty() || summary.source.empty()) {
    return std::unexpected("an event without id, type or source");
  }
  return summary;
}

bool RecentEvents::Add(EventSummary event) {
  std::lock_guard lock(mutex_);
  const bool seen = std::any_of(events_.begin(), events_.end(),
                                [&](const EventSummary& kept) { return kept.id == event.id; });
  if (seen) return false;
  events_.push_front(std::move(event));
  if (events_.size() > capacity_) events_.pop_back();
  return true;
}

std::string RecentEvents::Json() const {
  json::array events;
  {
    std::lock_guard lock(mutex_);
    for (const auto& event : events_) {
      events.push_back(json::object{{"id", event.id},
                                    {"type", event.type},
                                    {"subject", event.subject},
                                    {"source", event.source},
                                    {"time", event.time}});
    }
  }
  return json::serialize(json::object{{"events", std::move(events)}});
}

std::size_t RecentEvents::Size() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

}  // namespace resource_server
