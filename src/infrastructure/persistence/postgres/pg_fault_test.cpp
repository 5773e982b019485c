// A PostgreSQL server that stops answering without closing anything — frozen by SIGSTOP, or
// behind a network that drops every packet — must not hold a caller past its deadline: calls
// fail at their timeout, the readiness ping within its own, and Interrupt() (shutdown) ends
// calls in flight at once. Before issue 17 a timed-out call blocked its worker in libpq's
// PQcancel for as long as the server stayed silent.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "application/ports/dependency_unavailable.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/postgres/pg_fault_test_support.hpp"
#include "infrastructure/persistence/postgres/pg_loop.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using application::DependencyUnavailable;
using namespace std::chrono_literals;
using test_support::OwnCluster;
using test_support::TcpProxy;
using test_support::TimeOrHang;
using Clock = std::chrono::steady_clock;

constexpr Statement kAnswer{"fault_answer", "SELECT $1::int + 1"};
// Far longer than any bound checked here: a call still running then is hanging.
constexpr auto kPatience = 8s;

// Expects `call` to throw DependencyUnavailable within `bound`; `release` unblocks a hang.
void ExpectFailsWithin(const std::function<void()>& call, Clock::duration bound,
                       const std::function<void()>& release, const std::string& what) {
  bool threw = false;
  const auto took = TimeOrHang(
      [&] {
        try {
          call();
        } catch (const DependencyUnavailable&) {
          threw = true;
        }
      },
      kPatience, release);
  ASSERT_TRUE(took.has_value()) << what << " was still waiting after "
                                << std::chrono::seconds(kPatience).count() << " s";
  EXPECT_TRUE(threw) << what;
  EXPECT_LT(*took, bound) << what << " took "
                          << std::chrono::duration_cast<std::chrono::milliseconds>(*took).count()
                          << " ms";
}

PoolOptions FaultPool(const std::string& url) {
  return PoolOptions{.connect = {.url = url, .connect_timeout = 1000ms},
                     .min_size = 1,
                     .max_size = 4,
                     .acquire_timeout = 1000ms};
}

void WaitForIdle(PgPool& pool) {
  const auto deadline = Clock::now() + 10s;
  while (pool.Stats().idle < 1 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  ASSERT_GE(pool.Stats().idle, 1) << "the pool did not connect";
}

TEST(PgFault, ACallToABlackholedServerFailsAtItsTimeoutAndDropsTheConnection) {
  TcpProxy proxy(test_support::PortOf(test_support::AdminUrl()));
  PgLoop loop;
  auto connection = PgConnection::Open(
      loop, {.url = test_support::WithPort(test_support::AdminUrl(), proxy.port())});
  ASSERT_EQ(connection->Execute(kAnswer, ParamsOf(1), 5s).Int(0, 0), 2);
  proxy.Blackhole();
  ExpectFailsWithin([&] { connection->Execute(kAnswer, ParamsOf(1), 300ms); }, 2s,
                    [&] { proxy.Resume(); }, "a call through a blackhole");
  EXPECT_TRUE(connection->Broken());
  connection->Close();
}

TEST(PgFault, PingAnswersWithinItsTimeoutWhileTheServerIsBlackholed) {
  TcpProxy proxy(test_support::PortOf(test_support::AdminUrl()));
  PgOptions options;
  options.pool = FaultPool(test_support::WithPort(test_support::AdminUrl(), proxy.port()));
  options.ping_timeout = 500ms;
  PgDatabase database(options);
  database.Ping();
  proxy.Blackhole();
  // On the idle (now silent) connection, then on a new one that never gets an answer.
  for (int i = 0; i < 2; ++i) {
    ExpectFailsWithin([&] { database.Ping(); }, 1500ms, [&] { proxy.Resume(); },
                      "ping " + std::to_string(i + 1) + " through a blackhole");
  }
}

// Interrupt() (the shutdown deadline, from another thread) ends a call in flight at once and
// refuses the next.
TEST(PgFault, InterruptEndsACallInFlightAtOnceAndRefusesTheNext) {
  TcpProxy proxy(test_support::PortOf(test_support::AdminUrl()));
  PgLoop loop;
  PgPool pool(loop, FaultPool(test_support::WithPort(test_support::AdminUrl(), proxy.port())));
  WaitForIdle(pool);
  proxy.Blackhole();
  std::promise<void> leased;
  std::thread interrupter([&] {
    leased.get_future().wait();
    pool.Interrupt();
  });
  ExpectFailsWithin(
      [&] {
        auto lease = pool.Acquire();
        leased.set_value();
        lease->Execute(kAnswer, ParamsOf(1), 60s);
      },
      2s, [&] { proxy.Resume(); }, "a 60 s call interrupted");
  interrupter.join();
  const auto start = Clock::now();
  EXPECT_THROW(pool.Acquire(), DependencyUnavailable);
  EXPECT_LT(Clock::now() - start, 100ms);
}

TEST(PgFault, AFrozenServerFailsCallsAtTheirTimeoutBoundsThePingAndRecoversWhenThawed) {
  OwnCluster cluster;
  PgOptions options;
  options.pool = FaultPool(cluster.Url());
  options.pool.connect.statement_timeout = 500ms;
  options.ping_timeout = 500ms;
  PgDatabase database(options);
  database.Ping();
  PgLoop loop;
  PgPool pool(loop, FaultPool(cluster.Url()));
  WaitForIdle(pool);

  cluster.Freeze();  // the postmaster and every backend: SIGSTOP
  const auto thaw = [&] { cluster.Thaw(); };
  ExpectFailsWithin([&] { pool.Acquire()->Execute(kAnswer, ParamsOf(1), 1500ms); }, 3s, thaw,
                    "a call to a frozen server");
  // No idle connection is left: a new one is opened, and never answered.
  ExpectFailsWithin([&] { pool.Acquire()->Execute(kAnswer, ParamsOf(1), 1500ms); }, 3s, thaw,
                    "a call on a new connection to a frozen server");
  ExpectFailsWithin([&] { database.Ping(); }, 1500ms, thaw, "a ping of a frozen server");

  cluster.Thaw();
  bool recovered = false;
  const auto deadline = Clock::now() + 15s;
  while (!recovered && Clock::now() < deadline) {
    try {
      database.Ping();
      recovered = true;
    } catch (const DependencyUnavailable&) {
      std::this_thread::sleep_for(50ms);  // polling for the recovery
    }
  }
  EXPECT_TRUE(recovered) << "no ping succeeded within 15 s of the thaw";
}

TEST(PgConnection, ConnectKeywordsSetKeepalivesAndAUserTimeoutThatTheUrlMayOverride) {
  const auto effective = [](const std::string& url) {
    const auto keywords = ConnectKeywords({.url = url});
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [key, value] : keywords) {
      keys.push_back(key.c_str());
      values.push_back(value.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    // Only parsed here: port 1 refuses, and PQconninfo reports what libpq would use.
    PGconn* connection = PQconnectStartParams(keys.data(), values.data(), 1);
    std::map<std::string, std::string> result;
    PQconninfoOption* options = PQconninfo(connection);
    for (auto* option = options; option != nullptr && option->keyword != nullptr; ++option) {
      if (option->val != nullptr) result[option->keyword] = option->val;
    }
    PQconninfoFree(options);
    PQfinish(connection);
    return result;
  };
  const auto defaults = effective("postgresql://postgres@127.0.0.1:1/postgres");
  EXPECT_EQ(defaults.at("keepalives"), "1");
  EXPECT_EQ(defaults.at("keepalives_idle"), "10");
  EXPECT_EQ(defaults.at("keepalives_interval"), "5");
  EXPECT_EQ(defaults.at("keepalives_count"), "3");
  EXPECT_EQ(defaults.at("tcp_user_timeout"), "10000");
  EXPECT_NE(defaults.at("options").find("statement_timeout=5000"), std::string::npos);
  const auto tuned = effective(
      "postgresql://postgres@127.0.0.1:1/postgres?keepalives_idle=30&tcp_user_timeout=2500"
      "&options=-c%20statement_timeout%3D1");
  EXPECT_EQ(tuned.at("keepalives_idle"), "30");
  EXPECT_EQ(tuned.at("tcp_user_timeout"), "2500");
  // statement_timeout is ours: the URL does not change it.
  EXPECT_NE(tuned.at("options").find("statement_timeout=5000"), std::string::npos);
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
