#include "infrastructure/rate_limit_redis/redis_rate_limit_store.hpp"

#include "common/log.hpp"
#include "infrastructure/redis/redis_script.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::redis {
namespace {

// GCRA exactly as application/rate_limit/gcra.cpp, in whole microseconds of Redis' clock.
// Lua numbers are doubles: µs since 1970 (~2^51) and cost · window stay exact below 2^53.
// string.format('%d') keeps the TAT exact (tostring would round it to 14 digits).
constexpr std::string_view kScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local stored = tonumber(redis.call('GET', KEYS[1]))
local tat = now
if stored and stored > now then tat = stored end
local new_tat = tat + math.floor(cost * window / limit)
if cost > limit or new_tat - now > window then
  local retry = new_tat - window - now
  if retry < 0 then retry = 0 end
  return {0, 0, retry, tat - now}
end
if new_tat > now then
  redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
end
return {1, math.floor((window - (new_tat - now)) * limit / window), 0, new_tat - now}
)lua";

// The script's reply {allowed, remaining, retry_after µs, reset µs}, or nullopt.
std::optional<application::RateLimitDecision> ParseDecision(const RespValue& reply) {
  if (reply.type != RespValue::Type::kArray || reply.elements.size() != 4) return std::nullopt;
  for (const auto& element : reply.elements) {
    if (element.type != RespValue::Type::kInteger || element.integer < 0) return std::nullopt;
  }
  application::RateLimitDecision decision;
  decision.allowed = reply.elements[0].integer == 1;
  decision.remaining = static_cast<std::uint32_t>(reply.elements[1].integer);
  decision.retry_after = std::chrono::microseconds(reply.elements[2].integer);
  decision.reset = std::chrono::microseconds(reply.elements[3].integer);
  return decision;
}

}  // namespace

struct RedisRateLimitStore::State {
  std::unique_ptr<application::RateLimitStore> fallback;
  std::atomic<bool> degraded = false;
  telemetry::Counter* to_local = nullptr;
  telemetry::Counter* to_redis = nullptr;
  telemetry::Counter* local_decisions = nullptr;

  // One local decision, noting the switch to local limits once.
  application::RateLimitDecision Local(std::string_view key,
                                       const application::RateLimitPolicy& policy,
                                       std::uint32_t cost, std::string_view why) {
    if (!degraded.exchange(true, std::memory_order_relaxed)) {
      to_local->Add();
      log::Warn("rate_limit", "redis unavailable: deciding with this instance's local limits",
                {{"error", why}});
    }
    local_decisions->Add();
    if (auto decision = fallback->TryTakeNow(key, policy, cost)) return *decision;
    return {};  // a fallback that cannot decide at once: allowed (fail open, as documented)
  }
  void Recovered() {
    if (degraded.load(std::memory_order_relaxed) &&
        degraded.exchange(false, std::memory_order_relaxed)) {
      to_redis->Add();
      log::Info("rate_limit", "redis reachable again: limits are shared");
    }
  }
};

namespace {

// What a callback needs after Take returned: the key and policy are only valid during the call.
// The client by plain pointer: it runs every callback before its destructor returns, and a
// callback holding the last reference would make the client's thread join itself.
struct Pending {
  RedisClient* client;
  std::string key;        // the store key (for the local fallback)
  std::string redis_key;  // the same in Redis
  std::uint32_t limit;
  std::int64_t window_us;
  std::uint32_t cost;
  application::RateLimitStore::Completion done;

  application::RateLimitPolicy Policy() const {
    return {.name = "", .limit = limit, .window = std::chrono::microseconds(window_us)};
  }
  std::vector<std::string> Command(bool by_sha) const {
    return {by_sha ? "EVALSHA" : "EVAL",
            by_sha ? RedisRateLimitStore::ScriptSha1() : RedisRateLimitStore::Script(),
            "1",
            redis_key,
            std::to_string(limit),
            std::to_string(window_us),
            std::to_string(cost)};
  }
};

}  // namespace

RedisRateLimitStore::RedisRateLimitStore(std::shared_ptr<RedisClient> client, std::string_view env,
                                         std::unique_ptr<application::RateLimitStore> fallback)
    : client_(std::move(client)),
      prefix_("rampart:" + std::string(env) + ":ratelimit:"),
      state_(std::make_shared<State>()) {
  state_->fallback = std::move(fallback);
  auto& transitions = telemetry::Metrics().Counter(
      "rampart.rate_limit.store.transitions",
      "Switches of the shared rate-limit store between Redis and local limits.", "{switch}",
      {"to"});
  state_->to_local = &transitions.With({"local"});
  state_->to_redis = &transitions.With({"redis"});
  state_->local_decisions = &telemetry::Metrics()
                                 .Counter("rampart.rate_limit.store.local_decisions",
                                          "Rate-limit decisions made locally while Redis was "
                                          "unavailable.",
                                          "{decision}")
                                 .With({});
}

RedisRateLimitStore::~RedisRateLimitStore() = default;

bool RedisRateLimitStore::Degraded() const {
  return state_->degraded.load(std::memory_order_relaxed);
}

const std::string& RedisRateLimitStore::Script() {
  static const std::string script(kScript);
  return script;
}

const std::string& RedisRateLimitStore::ScriptSha1() {
  static const std::string sha = Sha1Hex(kScript);
  return sha;
}

std::string RedisRateLimitStore::RedisKey(std::string_view key) const {
  std::string redis_key = prefix_;
  redis_key.append(key).append(":v1");
  return redis_key;
}

std::optional<application::RateLimitDecision> RedisRateLimitStore::TryTakeNow(
    std::string_view key, const application::RateLimitPolicy& policy, std::uint32_t cost) {
  if (client_->Connected()) return std::nullopt;
  return state_->Local(key, policy, cost, "not connected");
}

void RedisRateLimitStore::Take(std::string_view key, const application::RateLimitPolicy& policy,
                               std::uint32_t cost, Completion done) {
  auto pending = std::make_shared<Pending>(Pending{.client = client_.get(),
                                                   .key = std::string(key),
                                                   .redis_key = RedisKey(key),
                                                   .limit = policy.limit,
                                                   .window_us = policy.window.count(),
                                                   .cost = cost,
                                                   .done = std::move(done)});
  // Settles `pending` with the reply of EVALSHA (retried once as EVAL on NOSCRIPT) or locally.
  auto settle = [state = state_, pending](auto& self, bool by_sha,
                                          RedisClient::Reply reply) -> void {
    if (reply && by_sha && reply->IsError() && reply->text.starts_with("NOSCRIPT")) {
      pending->client->Send(pending->Command(false),
                            [state, pending, self](RedisClient::Reply again) mutable {
                              self(self, false, std::move(again));
                            });
      return;
    }
    std::optional<application::RateLimitDecision> decision;
    if (reply) decision = ParseDecision(*reply);
    if (decision) {
      state->Recovered();
      pending->done(*decision);
      return;
    }
    const std::string why = !reply             ? reply.error()
                            : reply->IsError() ? "redis: " + reply->text
                                               : std::string("unexpected script reply");
    pending->done(state->Local(pending->key, pending->Policy(), pending->cost, why));
  };
  client_->Send(pending->Command(true), [settle](RedisClient::Reply reply) mutable {
    settle(settle, true, std::move(reply));
  });
}

}  // namespace rampart::infrastructure::redis
