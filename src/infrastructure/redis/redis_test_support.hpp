#pragma once
// Test-only helpers shared by the Redis adapter's tests (header-only: nothing of it links into
// the service).
#include <chrono>
#include <thread>

#include "infrastructure/redis/redis_client.hpp"
#include "integration/cache/redis_server.hpp"

namespace rampart::infrastructure::redis::test_support {

// OptionsFor returns client options for a test server: short deadline and reconnect delays, so that
// kill, pause and restart tests finish quickly.
inline RedisClientOptions OptionsFor(const integration::RedisServer& server) {
  using namespace std::chrono_literals;
  return {.endpoint = {.host = "127.0.0.1", .port = server.Port()},
          .command_timeout = 250ms,
          .reconnect_initial = 20ms,
          .reconnect_max = 200ms};
}

// Eventually waits until `condition` holds or 5 s pass (polls a condition; never waits for time
// alone).
template <class Condition>
bool Eventually(Condition condition) {
  using namespace std::chrono_literals;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

}  // namespace rampart::infrastructure::redis::test_support
