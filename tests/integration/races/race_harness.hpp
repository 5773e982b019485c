#pragma once
// One harness for the race tests of the identity core, run on every pair of real adapters: each
// database (a temporary SQLite file; a fresh database on the ctest fixture's PostgreSQL cluster)
// × each cache (in process; a private server of its own). A test derives from RaceHarness and is
// instantiated over AllBackends().
// PostgresBackends(): for interleavings that need PostgreSQL's row locks.  // rampart:only(postgres)
//
// Interleavings are deterministic: a Gate holds one thread at a chosen point (after a cache
// fill's database read: ReadGate; after a password verification: GatedHasher) while the test
// runs a competing use case to completion, then lets it go on (WhileHeld).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "application/auth/access_token_check.hpp"
#include "application/cache/identity_cache.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/ports/cache.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"  // rampart:only(postgres)
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"  // rampart:only(postgres)
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"

namespace rampart::integration::races {

enum class Database {
  kSqlite,  // rampart:only(sqlite)
  kPostgres,  // rampart:only(postgres)
};
enum class CacheBackend {
  kMemory,
  kRedis,  // rampart:only(redis)
};

struct Backends {
  Database database;
  CacheBackend cache;
  std::string name;  // a C identifier: it ends every test name

  friend void PrintTo(const Backends& backends, std::ostream* out) { *out << backends.name; }
};

std::vector<Backends> AllBackends();
std::vector<Backends> PostgresBackends();  // rampart:only(postgres)
inline std::string BackendsName(const ::testing::TestParamInfo<Backends>& info) {
  return info.param.name;
}

/// Holds the first thread that passes it while armed, until released. One-shot per Arm.
class Gate {
 public:
  void Arm();
  /// Called from the code under test: holds the caller while the gate is armed (once).
  void Pass();
  /// Waits until a thread is held; false after `limit`.
  bool WaitHeld(std::chrono::seconds limit);
  /// Lets the held thread go (and disarms a gate nobody reached).
  void Release();

 private:
  enum class State { kIdle, kArmed, kHeld, kReleased };
  std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::kIdle;
};

/// Which repositories a read unit of work used.
enum class Reads { kUsers, kSessions };

/// A UnitOfWorkFactory decorator: a read unit of work that used the armed repository passes
/// the gate once it has ended, i.e. after its reads and before its reader goes on (for a cache
/// fill: between the database read and the store). Writes are never held.
class ReadGate final : public application::UnitOfWorkFactory {
 public:
  explicit ReadGate(application::UnitOfWorkFactory& inner) : inner_(inner) {}
  std::unique_ptr<application::UnitOfWork> Begin(application::TransactionMode mode) override;
  void Ping() override { inner_.Ping(); }

  void Arm(Reads reads) {
    reads_ = reads;
    gate.Arm();
  }
  Reads Armed() const { return reads_; }
  Gate gate;

 private:
  application::UnitOfWorkFactory& inner_;
  std::atomic<Reads> reads_ = Reads::kUsers;
};

/// A PasswordHasher decorator whose Verify passes the gate after verifying.
class GatedHasher final : public application::PasswordHasher {
 public:
  explicit GatedHasher(const application::PasswordHasher& inner) : inner_(inner) {}
  std::string Hash(std::string_view password) const override { return inner_.Hash(password); }
  bool Verify(std::string_view hash, std::string_view password) const override;
  bool NeedsRehash(std::string_view hash) const override { return inner_.NeedsRehash(hash); }
  void VerifyDummy(std::string_view password) const override { inner_.VerifyDummy(password); }
  mutable Gate gate;

 private:
  const application::PasswordHasher& inner_;
};

/// Runs `held` on another thread until it reaches `gate` (armed by the caller), then
/// `meanwhile` on this one, then lets `held` finish and returns its result.
template <class Held, class Meanwhile>
auto WhileHeld(Gate& gate, Held held, Meanwhile meanwhile) -> decltype(held()) {
  auto running = std::async(std::launch::async, std::move(held));
  const bool reached = gate.WaitHeld(std::chrono::seconds(20));
  EXPECT_TRUE(reached) << "the racing use case never reached the gate";
  try {
    if (reached) meanwhile();
  } catch (...) {
    gate.Release();
    throw;
  }
  gate.Release();
  return running.get();
}

struct SignedIn {
  std::string user_id;
  application::AccessClaims claims;
  std::string refresh_token;
};

class RaceHarness : public ::testing::TestWithParam<Backends> {
 protected:
  static constexpr const char* kPassword = "correct horse battery staple";

  void SetUp() override;
  void TearDown() override;

  /// Registers `email` (unless it exists) and logs in.
  SignedIn SignIn(const std::string& email);
  /// A second session of an existing user.
  SignedIn LogIn(const std::string& email, const std::string& password = kPassword);

  /// Through the cached dispatcher (the token check and permissions read the identity cache),
  /// as the bearer of `claims` or anonymously.
  template <class T>
  domain::Result<typename T::Response> Send(const T& use_case,
                                            const application::AccessClaims* claims = nullptr) {
    return dispatcher_->Send(use_case, Caller(claims));
  }
  /// Through a dispatcher whose token check asks the database only (a request that never waits
  /// for a cache fill the test holds), on the same cached, invalidating database.
  template <class T>
  domain::Result<typename T::Response> Write(const T& use_case,
                                             const application::AccessClaims* claims = nullptr) {
    return writer_->Send(use_case, Caller(claims));
  }
  template <class T>
  domain::Result<typename T::Response> AsSystem(const T& use_case) {
    return writer_->Send(use_case, application::Caller::System("race-test"));
  }

  /// The user's sessions that are still active, straight from the database.
  int ActiveSessions(const std::string& user_id);
  /// The token of the last reset-password mail in the outbox.
  std::string LastResetToken();

  application::Caller Caller(const application::AccessClaims* claims) const {
    return application::Caller{
        .request = {.ip = "203.0.113.5", .user_agent = "race", .correlation_id = "c"},
        .principal = claims};
  }
  bool OnPostgres() const { return GetParam().database == Database::kPostgres; }  // rampart:only(postgres)

  // Declaration order is construction order.
  std::filesystem::path dir_;  // SQLite only  // rampart:only(sqlite)
  std::unique_ptr<infrastructure::postgres::test_support::TempPgDatabase> pg_temp_;  // rampart:only(postgres)
  std::unique_ptr<application::UnitOfWorkFactory> raw_;  // the database itself
  std::unique_ptr<application::Cache> cache_;
  std::unique_ptr<application::IdentityCache> identity_;
  std::unique_ptr<ReadGate> reads_;
  std::unique_ptr<application::UnitOfWorkFactory> database_;  // invalidating, over reads_
  infrastructure::SystemClock clock_;
  infrastructure::SodiumSecureRandom random_;
  infrastructure::Argon2PasswordHasher argon2_{8192, 1};  // cheap: the tests are about ordering
  GatedHasher hasher_{argon2_};
  std::shared_ptr<const infrastructure::KeyRing> keys_;
  std::unique_ptr<application::TokenService> tokens_;
  std::unique_ptr<application::Services> services_;
  std::unique_ptr<application::AccessTokenCheck> cached_check_;
  std::unique_ptr<application::AccessTokenCheck> database_check_;
  std::unique_ptr<application::Dispatcher> dispatcher_;
  std::unique_ptr<application::Dispatcher> writer_;
};

}  // namespace rampart::integration::races
