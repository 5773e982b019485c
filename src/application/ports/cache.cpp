#include "application/ports/cache.hpp"

#include <exception>

namespace rampart::application {

// One in-progress factory call that late arrivals wait for.
struct Cache::Flight {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  // False when an invalidation of the key ended the leader's ticket before its store: the value
  // may predate a write that completed while a waiter waited, so waiters read again.
  bool shareable = true;
  std::optional<std::string> value;
  std::exception_ptr error;
};

std::optional<std::string> Cache::GetOrCreate(std::string_view key, std::chrono::milliseconds ttl,
                                              const Factory& factory) {
  if (auto cached = Get(key)) return cached;

  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard lock(flights_mutex_);
    auto found = flights_.find(key);
    if (found == flights_.end()) {
      found = flights_.emplace(std::string(key), std::make_shared<Flight>()).first;
      leader = true;
    }
    flight = found->second;
  }

  if (!leader) {
    {
      std::unique_lock lock(flight->mutex);
      flight->finished.wait(lock, [&] { return flight->done; });
      if (flight->error) std::rethrow_exception(flight->error);
      if (flight->shareable) return flight->value;
    }
    return factory();  // not stored: no ticket of ours to store it with
  }

  // The ticket is taken before the factory reads: an invalidation after this point, even one
  // that runs before the factory's read, keeps the value out of the cache.
  const FillTicket ticket = BeginFill(key, ttl);
  std::optional<std::string> value;
  std::exception_ptr error;
  try {
    value = factory();
  } catch (...) {
    error = std::current_exception();
  }
  const bool stored = FinishFill(
      ticket, value && !error ? std::optional<std::string_view>(*value) : std::nullopt, ttl);
  {
    std::lock_guard lock(flights_mutex_);
    flights_.erase(flights_.find(key));
  }
  {
    std::lock_guard lock(flight->mutex);
    flight->done = true;
    // Without a ticket (backend down) nothing is cached and nothing tells an invalidation
    // apart: share as before. Nothing read (nullopt) is shared too: nothing gets cached.
    flight->shareable = stored || !value || !ticket;
    flight->value = value;
    flight->error = error;
  }
  flight->finished.notify_all();
  if (error) std::rethrow_exception(error);
  return value;
}

}  // namespace rampart::application
