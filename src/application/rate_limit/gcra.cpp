#include "application/rate_limit/gcra.hpp"

#include <algorithm>

namespace rampart::application {

GcraStep Gcra(std::optional<std::int64_t> stored_tat, std::int64_t now,
              const RateLimitPolicy& policy, std::uint32_t cost) {
  const std::int64_t window = policy.window.count();
  const std::int64_t limit = policy.limit;
  // cost · window fits: cost ≤ 2^32 and a window of a year is ~2^45 µs.
  const std::int64_t increment = static_cast<std::int64_t>(cost) * window / limit;
  const std::int64_t tat = std::max(stored_tat.value_or(now), now);
  const std::int64_t new_tat = tat + increment;

  GcraStep step;
  if (cost > policy.limit || new_tat - now > window) {
    step.tat = stored_tat.value_or(now);
    step.decision.allowed = false;
    step.decision.remaining = 0;
    step.decision.reset = std::chrono::microseconds(tat - now);
    step.decision.retry_after =
        std::chrono::microseconds(std::max<std::int64_t>(new_tat - window - now, 0));
    return step;
  }
  step.tat = new_tat;
  step.decision.allowed = true;
  step.decision.remaining = static_cast<std::uint32_t>((window - (new_tat - now)) * limit / window);
  step.decision.reset = std::chrono::microseconds(new_tat - now);
  return step;
}

}  // namespace rampart::application
