#pragma once
// The shared RateLimitStore: every Take is one atomic Lua script on Redis (EVALSHA, EVAL when
// the server has not cached it: NOSCRIPT) running the GCRA steps of
// application/rate_limit/gcra.hpp on Redis' own clock (TIME), so instances whose clocks differ
// still agree. A bucket is one key, `rampart:<env>:ratelimit:<store key>:v1` (store keys are
// `<policy>:<subject>`), holding the TAT in µs and expiring (PX) when the bucket is full again.
//
// Failure policy: never fail or hold up a request. While Redis is down, slow (the client's
// command deadline) or answers with an error, each instance decides with its own in-process
// store (fail open to local limits). The switch is logged once per transition and counted
// (rampart.rate_limit.store.transitions{to=local|redis}); local decisions are counted too.
#include <atomic>
#include <memory>
#include <string>

#include "application/ports/rate_limit_store.hpp"
#include "infrastructure/redis/redis_client.hpp"

namespace rampart::infrastructure::redis {

class RedisRateLimitStore final : public application::RateLimitStore {
 public:
  // RedisRateLimitStore: `env` goes into every key; `fallback` decides while Redis cannot, at once
  // (TryTakeNow: an in-process store such as infrastructure/rate_limit's).
  RedisRateLimitStore(std::shared_ptr<RedisClient> client, std::string_view env,
                      std::unique_ptr<application::RateLimitStore> fallback);
  ~RedisRateLimitStore() override;

  // Take runs the script; `done` is called from the client's thread, or at once (local decision)
  // when the client is disconnected.
  void Take(std::string_view key, const application::RateLimitPolicy& policy, std::uint32_t cost,
            Completion done) override;
  // TryTakeNow returns the local decision at once while the client is disconnected (no round trip
  // to wait for); nullopt (use Take) while it is connected.
  std::optional<application::RateLimitDecision> TryTakeNow(
      std::string_view key, const application::RateLimitPolicy& policy,
      std::uint32_t cost) override;

  // RedisKey returns the Redis key of a store key.
  std::string RedisKey(std::string_view key) const;
  // Degraded returns true while decisions are made locally (the last attempt on Redis failed).
  bool Degraded() const;

  // Script returns the script and its SHA-1 (what EVALSHA names).
  static const std::string& Script();
  static const std::string& ScriptSha1();

 private:
  struct State;
  std::shared_ptr<RedisClient> client_;
  std::string prefix_;
  std::shared_ptr<State> state_;  // shared with callbacks in flight
};

}  // namespace rampart::infrastructure::redis
