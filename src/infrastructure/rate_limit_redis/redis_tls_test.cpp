// The Redis adapters over TLS: a redis-server with a TLS port and certificates made by the
// openssl command for this test (a CA, and a server certificate for 127.0.0.1 signed by it).
// The cache and the rate-limit store share one verified TLS connection; a client that does not
// trust the CA never connects (and the limiter then decides locally).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "infrastructure/cache/redis/redis_cache.hpp"
#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"
#include "infrastructure/rate_limit_redis/redis_rate_limit_store.hpp"
#include "integration/cache/redis_server.hpp"

namespace rampart::infrastructure::redis {
namespace {

using namespace std::chrono_literals;
using application::RateLimitDecision;
using application::RateLimitPolicy;
using integration::RedisServer;

// A CA and a server certificate (SAN IP:127.0.0.1) in a temp directory, made with openssl.
class Certificates {
 public:
  Certificates() {
    char pattern[] = "/tmp/rampart-redis-tls-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    std::ofstream(dir_ / "san.cnf") << "subjectAltName=IP:127.0.0.1\n";
    const std::string d = dir_.string();
    const std::string script =
        "cd '" + d + "' && " +
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
        "-subj /CN=rampart-test-ca -keyout ca.key -out ca.crt && "
        "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "-subj /CN=127.0.0.1 -keyout server.key -out server.csr && "
        "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 "
        "-extfile san.cnf -out server.crt && "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
        "-subj /CN=other-ca -keyout other.key -out other.crt";
    if (std::system((script + " >openssl.log 2>&1").c_str()) != 0) {
      throw std::runtime_error("openssl failed: see " + d + "/openssl.log");
    }
  }
  ~Certificates() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string Path(std::string_view name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

struct TlsServer {
  Certificates certificates;
  std::uint16_t tls_port = integration::FreeLoopbackPort();
  RedisServer server{{"--tls-port", std::to_string(tls_port), "--tls-cert-file",
                      certificates.Path("server.crt"), "--tls-key-file",
                      certificates.Path("server.key"), "--tls-ca-cert-file",
                      certificates.Path("ca.crt"), "--tls-auth-clients", "no"}};
};

std::shared_ptr<RedisClient> TlsClient(const TlsServer& tls, std::string ca_file) {
  auto client = std::make_shared<RedisClient>(
      RedisClientOptions{.endpoint = {.host = "127.0.0.1", .port = tls.tls_port, .tls = true},
                         .command_timeout = 500ms,
                         .reconnect_initial = 20ms,
                         .reconnect_max = 200ms,
                         .tls_ca_file = std::move(ca_file)});
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!client->Connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  return client;
}

RateLimitDecision Take(RedisRateLimitStore& store, std::string_view key,
                       const RateLimitPolicy& policy) {
  if (auto now = store.TryTakeNow(key, policy, 1)) return *now;
  std::promise<RateLimitDecision> promise;
  auto decided = promise.get_future();
  store.Take(key, policy, 1, [&promise](RateLimitDecision d) { promise.set_value(d); });
  return decided.get();
}

constexpr RateLimitPolicy kTwoPerHour{.name = "auth", .limit = 2, .window = 1h};

TEST(RedisTls, TheCacheAndTheLimiterShareOneVerifiedTlsConnection) {
  TlsServer tls;
  auto client = TlsClient(tls, tls.certificates.Path("ca.crt"));
  ASSERT_TRUE(client->Connected());
  RedisCache cache(client);
  cache.Set("rampart:tls:user:1:v1", "cached", 60s);
  EXPECT_EQ(cache.Get("rampart:tls:user:1:v1"), "cached");

  RedisRateLimitStore store(client, "tls", std::make_unique<MemoryRateLimitStore>());
  EXPECT_TRUE(Take(store, "auth:192.0.2.1", kTwoPerHour).allowed);
  EXPECT_TRUE(Take(store, "auth:192.0.2.1", kTwoPerHour).allowed);
  EXPECT_FALSE(Take(store, "auth:192.0.2.1", kTwoPerHour).allowed);
  EXPECT_FALSE(store.Degraded());
  // The bucket is in Redis (read back over the TLS connection).
  auto pttl = client->Call({"PTTL", store.RedisKey("auth:192.0.2.1")});
  ASSERT_TRUE(pttl);
  EXPECT_GT(pttl->integer, 0);
}

TEST(RedisTls, AServerCertificateFromAnUntrustedCaIsRefused) {
  TlsServer tls;
  auto client = TlsClient(tls, tls.certificates.Path("other.crt"));
  EXPECT_FALSE(client->Connected());
  RedisRateLimitStore store(client, "tls", std::make_unique<MemoryRateLimitStore>());
  EXPECT_TRUE(Take(store, "auth:192.0.2.2", kTwoPerHour).allowed);  // decided locally
  EXPECT_TRUE(store.Degraded());
}

}  // namespace
}  // namespace rampart::infrastructure::redis
