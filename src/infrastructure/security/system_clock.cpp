#include "infrastructure/security/system_clock.hpp"

#include <chrono>

namespace rampart::infrastructure {

domain::TimePoint SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace rampart::infrastructure
