#include "application/ports/cache.hpp"

#include <exception>

namespace rampart::application {

// One in-progress factory call that late arrivals wait for.
struct Cache::Flight {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
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
    std::unique_lock lock(flight->mutex);
    flight->finished.wait(lock, [&] { return flight->done; });
    if (flight->error) std::rethrow_exception(flight->error);
    return flight->value;
  }

  std::optional<std::string> value;
  std::exception_ptr error;
  try {
    value = factory();
    if (value) Set(key, *value, ttl);
  } catch (...) {
    error = std::current_exception();
  }
  {
    std::lock_guard lock(flights_mutex_);
    flights_.erase(flights_.find(key));
  }
  {
    std::lock_guard lock(flight->mutex);
    flight->done = true;
    flight->value = value;
    flight->error = error;
  }
  flight->finished.notify_all();
  if (error) std::rethrow_exception(error);
  return value;
}

}  // namespace rampart::application
