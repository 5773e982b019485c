#include "infrastructure/resilience/bulkhead.hpp"

#include <stdexcept>

namespace rampart::infrastructure::resilience {

Bulkhead::Bulkhead(std::size_t limit) : limit_(limit) {
  if (limit_ == 0) throw std::invalid_argument("Bulkhead: limit must be at least 1");
}

std::optional<Bulkhead::Permit> Bulkhead::TryAcquire() {
  std::size_t current = in_use_.load(std::memory_order_relaxed);
  do {
    if (current >= limit_) return std::nullopt;
  } while (!in_use_.compare_exchange_weak(current, current + 1, std::memory_order_acquire,
                                          std::memory_order_relaxed));
  return Permit(*this);
}

}  // namespace rampart::infrastructure::resilience
