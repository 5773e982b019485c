#include "api/server/connection_registry.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <vector>

namespace rampart::api::server_detail {
namespace {

// Ends an idle connection's wait for a request, unless the request is already here (the read
// then completes and the connection closes after answering it).
void CancelUnlessBytesWaiting(ConnectionSlot& slot) {
  boost::system::error_code error;
  if (slot.stream->socket().available(error) > 0 && !error) return;
  slot.stream->cancel();
}

}  // namespace

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
      if (!slot->fresh) {
        CancelUnlessBytesWaiting(*slot);
        return;
      }
      slot->grace = std::make_unique<boost::asio::steady_timer>(slot->executor, kFirstRequestGrace);
      slot->grace->async_wait([slot](const boost::system::error_code& error) {
        if (error) return;  // the connection ended first
        if (slot->stream != nullptr && slot->idle && slot->fresh) CancelUnlessBytesWaiting(*slot);
      });
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
