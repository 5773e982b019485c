#pragma once
// Port: where rate-limit buckets live. The in-process store keeps them in this process (the
// embedded default); a shared store (Redis) lets several instances enforce one limit.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace rampart::application {

// RateLimitPolicy is a token bucket: it holds at most `limit` tokens and refills `limit` tokens per
// `window`, continuously (so a full bucket allows a burst of `limit`, then `limit / window` on
// average). `name` labels it in the RateLimit-Policy header ("ip", "auth", "user").
struct RateLimitPolicy {
  std::string_view name;
  std::uint32_t limit = 0;              // at least 1
  std::chrono::microseconds window{0};  // at least 1 µs
};

// RateLimitDecision is the outcome of one Take.
struct RateLimitDecision {
  bool allowed = true;
  // Whole tokens left in the bucket after this call (0 when refused).
  std::uint32_t remaining = 0;
  // Refused: how long until the requested tokens are available. Allowed: zero.
  std::chrono::microseconds retry_after{0};
  // How long until the bucket is full again (the IETF RateLimit header's `t`).
  std::chrono::microseconds reset{0};
};

// RateLimitStore takes tokens from named buckets. Implementations follow the GCRA arithmetic of
// application/rate_limit/gcra.hpp exactly (a shared store in its own atomic script, in whole
// microseconds), so that every store answers the same for the same history.
// Thread-safe: Take may be called from every I/O thread at once.
class RateLimitStore {
 public:
  using Completion = std::move_only_function<void(RateLimitDecision)>;

  virtual ~RateLimitStore() = default;

  // Take takes `cost` tokens (1 ≤ cost ≤ policy.limit) from the bucket `key` under `policy`; a
  // bucket not seen before (or idle until full and forgotten) starts full. Calls `done`
  // exactly once with the decision, later and from any thread (a networked store: from one of
  // its own). It may call `done` before returning, but callers on an event loop should then
  // prefer TryTakeNow. Never fails: a store whose backend is unreachable decides locally (it
  // must not refuse traffic that a healthy store would allow, nor block the caller).
  // `key` and `policy` are only valid during the call; copy what is needed later.
  virtual void Take(std::string_view key, const RateLimitPolicy& policy, std::uint32_t cost,
                    Completion done) = 0;

  // TryTakeNow does the same when the store can decide without waiting (the in-process store):
  // the decision now, with no callback and no suspension of the caller. nullopt means "use Take"
  // (the default, for networked stores); nothing has been taken then.
  virtual std::optional<RateLimitDecision> TryTakeNow(std::string_view key,
                                                      const RateLimitPolicy& policy,
                                                      std::uint32_t cost) {
    (void)key, (void)policy, (void)cost;
    return std::nullopt;
  }
};

}  // namespace rampart::application
