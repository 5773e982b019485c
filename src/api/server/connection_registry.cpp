#include "api/server/connection_registry.hpp"

#include <boost/asio/post.hpp>

#include <vector>

namespace rampart::api::server_detail {

void ConnectionRegistry::Add(std::shared_ptr<ConnectionSlot> slot) {
  std::lock_guard lock(mutex_);
  const ConnectionSlot* key = slot.get();
  open_.emplace(key, std::move(slot));
}

void ConnectionRegistry::Remove(const ConnectionSlot* slot) {
  bool drained = false;
  {
    std::lock_guard lock(mutex_);
    open_.erase(slot);
    drained = open_.empty() && stopping_.load(std::memory_order_acquire);
  }
  if (drained && on_drained_) on_drained_();
}

std::size_t ConnectionRegistry::BeginShutdown() {
  std::vector<std::shared_ptr<ConnectionSlot>> slots;
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true, std::memory_order_release);
    slots.reserve(open_.size());
    for (const auto& [key, slot] : open_) slots.push_back(slot);
  }
  // A connection checks Stopping() on its thread before it waits for the next request, and
  // this check runs on the same thread: one of the two always sees the other. A request already
  // sent but not yet read is still answered (the read then completes; the connection closes
  // after the response).
  for (auto& slot : slots) {
    boost::asio::post(slot->executor, [slot] {
      if (slot->stream == nullptr || !slot->idle) return;
      boost::system::error_code error;
      if (slot->stream->socket().available(error) > 0 && !error) return;
      slot->stream->cancel();
    });
  }
  return slots.size();
}

std::size_t ConnectionRegistry::CloseAll() {
  std::vector<std::shared_ptr<ConnectionSlot>> slots;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, slot] : open_) slots.push_back(slot);
  }
  for (auto& slot : slots) {
    boost::asio::post(slot->executor, [slot] {
      if (slot->stream != nullptr) slot->stream->close();
    });
  }
  return slots.size();
}

std::size_t ConnectionRegistry::Size() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

}  // namespace rampart::api::server_detail
