#include "infrastructure/resilience/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rampart::infrastructure::resilience {

Backoff::Backoff(BackoffOptions options, std::uint64_t seed) : options_(options), random_(seed) {
  if (options_.initial.count() <= 0 || options_.max < options_.initial ||
      !(options_.multiplier >= 1.0)) {
    throw std::invalid_argument("Backoff: need 0 < initial <= max and multiplier >= 1");
  }
}

std::chrono::milliseconds Backoff::Ceiling() const {
  const double grown = static_cast<double>(options_.initial.count()) *
                       std::pow(options_.multiplier, static_cast<double>(attempt_));
  const double capped = std::min(grown, static_cast<double>(options_.max.count()));
  return std::chrono::milliseconds(static_cast<long long>(capped));
}

std::chrono::milliseconds Backoff::Next() {
  const long long ceiling = Ceiling().count();
  std::uniform_int_distribution<long long> pick(options_.jitter == Jitter::kFull ? 0 : ceiling / 2,
                                                ceiling);
  // Stop growing once capped, so that attempt_ cannot overflow in a long outage.
  if (Ceiling() < options_.max) ++attempt_;
  return std::chrono::milliseconds(pick(random_));
}

}  // namespace rampart::infrastructure::resilience
