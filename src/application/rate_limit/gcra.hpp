#pragma once
// The token-bucket arithmetic every RateLimitStore shares, as GCRA (the generic cell rate
// algorithm): a bucket is one number, its "theoretical arrival time" (TAT), in whole
// microseconds. The bucket is full when TAT ≤ now, so a store may forget such a bucket.
//
//   increment = cost · window / limit           (time the request "uses up")
//   tat       = max(stored TAT or now, now)
//   new_tat   = tat + increment
//   allowed   ⇔ new_tat − now ≤ window          (the bucket holds `limit` tokens)
//   allowed:  store new_tat; remaining = ⌊(window − (new_tat − now)) · limit / window⌋,
//             reset = new_tat − now, retry_after = 0
//   refused:  keep tat;      remaining = 0, reset = tat − now,
//             retry_after = new_tat − window − now
//
// A Redis store runs the same steps in one Lua script with the server's clock (TIME).
#include <cstdint>
#include <optional>

#include "application/ports/rate_limit_store.hpp"

namespace rampart::application {

struct GcraStep {
  RateLimitDecision decision;
  // The TAT to store (microseconds, same epoch as `now`); unchanged on a refusal.
  std::int64_t tat = 0;
};

// Gcra: one Take on a bucket whose stored TAT is `stored_tat` (nullopt: unknown, i.e. full)
// at time `now` (microseconds on any clock that is the same for every caller of the bucket).
// Requires policy.limit ≥ 1, policy.window > 0 and 1 ≤ cost; a cost above the limit is always
// refused.
GcraStep Gcra(std::optional<std::int64_t> stored_tat, std::int64_t now,
              const RateLimitPolicy& policy, std::uint32_t cost);

}  // namespace rampart::application
