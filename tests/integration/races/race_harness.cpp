#include "integration/login_tokens.hpp"
#include "integration/races/race_harness.hpp"

#include <unistd.h>
#include <boost/json.hpp>

#include <random>

#include "application/auth/login.hpp"
#include "application/auth/register_user.hpp"
#include "application/cache/cached_access_token_check.hpp"
#include "application/cache/invalidating_unit_of_work.hpp"
#include "application/setup/seed.hpp"
#include "infrastructure/cache/memory/memory_cache.hpp"
#include "infrastructure/cache/redis/redis_cache.hpp"  // rampart:only(redis)
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"  // rampart:only(sqlite)
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"  // rampart:only(sqlite)
#include "infrastructure/redis/redis_test_support.hpp"  // rampart:only(redis)
#include "infrastructure/security/signing_key.hpp"
#include "integration/cache/redis_server.hpp"  // rampart:only(redis)

namespace rampart::integration::races {

using application::TransactionMode;

std::vector<Backends> AllBackends() {
  return {
      {Database::kSqlite, CacheBackend::kMemory, "sqlite_memory"},  // rampart:only(sqlite)
      {Database::kSqlite, CacheBackend::kRedis, "sqlite_redis"},  // rampart:only(sqlite & redis)
      {Database::kPostgres, CacheBackend::kMemory, "postgres_memory"},  // rampart:only(postgres)
      {Database::kPostgres, CacheBackend::kRedis, "postgres_redis"},  // rampart:only(postgres & redis)
  };
}

// rampart:begin(postgres)
std::vector<Backends> PostgresBackends() {
  return {
      {Database::kPostgres, CacheBackend::kMemory, "postgres_memory"},
      {Database::kPostgres, CacheBackend::kRedis, "postgres_redis"},  // rampart:only(redis)
  };
}
// rampart:end

// --- Gate ------------------------------------------------------------------------------------

void Gate::Arm() {
  std::lock_guard lock(mutex_);
  state_ = State::kArmed;
}

void Gate::Pass() {
  std::unique_lock lock(mutex_);
  if (state_ != State::kArmed) return;
  state_ = State::kHeld;
  changed_.notify_all();
  changed_.wait(lock, [&] { return state_ == State::kReleased; });
  state_ = State::kIdle;
}

bool Gate::WaitHeld(std::chrono::seconds limit) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, limit, [&] { return state_ == State::kHeld; });
}

void Gate::Release() {
  std::lock_guard lock(mutex_);
  state_ = state_ == State::kHeld ? State::kReleased : State::kIdle;
  changed_.notify_all();
}

// --- ReadGate --------------------------------------------------------------------------------

namespace {

// Forwards to the inner unit of work, noting which repositories were used; once the inner one
// has ended (its transaction is over), passes the gate when it read what the gate is armed for.
class GatedRead final : public application::UnitOfWork {
 public:
  GatedRead(std::unique_ptr<application::UnitOfWork> inner, ReadGate& owner)
      : inner_(std::move(inner)), owner_(owner) {}
  ~GatedRead() override {
    inner_.reset();
    const Reads armed = owner_.Armed();
    if ((armed == Reads::kUsers && used_users_) || (armed == Reads::kSessions && used_sessions_)) {
      owner_.gate.Pass();
    }
  }
  application::UserRepository& Users() override {
    used_users_ = true;
    return inner_->Users();
  }
  application::RoleRepository& Roles() override { return inner_->Roles(); }
  application::SessionRepository& Sessions() override {
    used_sessions_ = true;
    return inner_->Sessions();
  }
  application::AuditLog& Audit() override { return inner_->Audit(); }
  application::OneTimeTokenRepository& OneTimeTokens() override { return inner_->OneTimeTokens(); }
  application::OutboxRepository& Outbox() override { return inner_->Outbox(); }
  application::AddressFailureRepository& AddressFailures() override {
    return inner_->AddressFailures();
  }
  application::InboxRepository& Inbox() override { return inner_->Inbox(); }
  application::DeliveryFailureRepository& DeliveryFailures() override {
    return inner_->DeliveryFailures();
  }
  application::SecondFactorRepository& SecondFactors() override {
    return inner_->SecondFactors();
  }
  application::ServiceAccountRepository& ServiceAccounts() override {
    return inner_->ServiceAccounts();
  }
  application::ApiKeyRepository& ApiKeys() override { return inner_->ApiKeys(); }
  application::NoteRepository& Notes() override { return inner_->Notes(); }
  void Commit() override { inner_->Commit(); }

 private:
  std::unique_ptr<application::UnitOfWork> inner_;
  ReadGate& owner_;
  bool used_users_ = false;
  bool used_sessions_ = false;
};

}  // namespace

std::unique_ptr<application::UnitOfWork> ReadGate::Begin(TransactionMode mode) {
  auto inner = inner_.Begin(mode);
  if (mode != TransactionMode::kRead) return inner;
  return std::make_unique<GatedRead>(std::move(inner), *this);
}

bool GatedHasher::Verify(std::string_view hash, std::string_view password) const {
  const bool verified = inner_.Verify(hash, password);
  gate.Pass();
  return verified;
}

// --- RaceHarness -----------------------------------------------------------------------------

namespace {

// rampart:begin(redis)
// One redis-server for every Redis test of this process; tests keep apart by key prefix.
RedisServer& SharedRedis() {
  static RedisServer server;
  return server;
}
// rampart:end

std::unique_ptr<application::Cache> MakeCache(CacheBackend backend) {
  if (backend == CacheBackend::kMemory) return std::make_unique<infrastructure::MemoryCache>();
  // rampart:begin(redis)
  using namespace infrastructure::redis;
  auto client = std::make_shared<RedisClient>(test_support::OptionsFor(SharedRedis()));
  EXPECT_TRUE(test_support::Eventually([&] { return client->Connected(); }));
  return std::make_unique<RedisCache>(std::move(client));
  // rampart:else
  // ADD_FAILURE() << "no such cache backend";
  // return nullptr;
  // rampart:end
}

}  // namespace

void RaceHarness::SetUp() {
  const Backends& backends = GetParam();
  // rampart:begin(sqlite)
  if (backends.database == Database::kSqlite) {
    dir_ = std::filesystem::temp_directory_path() /
           ("rampart-races-" + std::to_string(std::random_device{}()));
    auto database = std::make_shared<infrastructure::sqlite::SqliteDatabase>(
        infrastructure::sqlite::SqliteOptions{.path = dir_ / "rampart.db", .pool_size = 6});
    database->Migrate();
    raw_ = std::make_unique<infrastructure::sqlite::SqliteUnitOfWorkFactory>(database);
  }
  // rampart:end
  // rampart:begin(postgres)
  if (backends.database == Database::kPostgres) {
    pg_temp_ = std::make_unique<infrastructure::postgres::test_support::TempPgDatabase>();
    auto database = std::make_unique<infrastructure::postgres::PgDatabase>(
        infrastructure::postgres::test_support::TestOptions(pg_temp_->Url()));
    database->Migrate();
    raw_ = std::move(database);
  }
  // rampart:end
  cache_ = MakeCache(backends.cache);
  static std::atomic<int> next = 0;
  // A key prefix of its own (tests that share one cache server keep apart).
  const std::string env = "race" + std::to_string(::getpid()) + "x" + std::to_string(next++);
  identity_ = std::make_unique<application::IdentityCache>(*cache_, application::CacheKeys(env));
  reads_ = std::make_unique<ReadGate>(*raw_);
  database_ = std::make_unique<application::InvalidatingUnitOfWorkFactory>(*reads_, *identity_);
  keys_ = std::make_shared<const infrastructure::KeyRing>(
      std::make_shared<const infrastructure::SigningKey>(infrastructure::SigningKey::Generate()),
      std::vector<std::shared_ptr<const infrastructure::SigningKey>>{});
  tokens_ = std::make_unique<infrastructure::JwtTokenService>(
      keys_, infrastructure::JwtOptions{.issuer = "http://test", .audience = "rampart"}, clock_,
      random_);
  services_ = std::make_unique<application::Services>(
      application::Services{.database = *database_,
                            .hasher = hasher_,
                            .tokens = *tokens_,
                            .clock = clock_,
                            .random = random_,
                            .identity_cache = identity_.get()});
  database_check_ = std::make_unique<application::DatabaseAccessTokenCheck>(*services_);
  cached_check_ = std::make_unique<application::CachedAccessTokenCheck>(*services_, *identity_);
  dispatcher_ = std::make_unique<application::Dispatcher>(*services_, *cached_check_);
  writer_ = std::make_unique<application::Dispatcher>(*services_, *database_check_);
  ASSERT_TRUE(AsSystem(application::SeedCommand{.admin_email = "admin@localhost",
                                                .admin_password = "seed passphrase 123"}));
}

void RaceHarness::TearDown() {
  // Whatever a failed test left armed must not hold anything during teardown.
  reads_->gate.Release();
  hasher_.gate.Release();
  // rampart:begin(sqlite)
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  // rampart:end
}

SignedIn RaceHarness::SignIn(const std::string& email) {
  auto registered = Send(application::RegisterUserCommand{
      .email = email, .password = kPassword, .display_name = "Racer"});
  EXPECT_TRUE(registered) << registered.error().detail;
  return LogIn(email);
}

SignedIn RaceHarness::LogIn(const std::string& email, const std::string& password) {
  auto tokens = TokensOf(Send(application::LoginCommand{.email = email, .password = password}));
  EXPECT_TRUE(tokens) << tokens.error().detail;
  if (!tokens) return {};
  auto claims = tokens_->Verify(tokens->access_token);
  EXPECT_TRUE(claims);
  return {.user_id = claims->subject,
          .claims = std::move(*claims),
          .refresh_token = tokens->refresh_token};
}

int RaceHarness::ActiveSessions(const std::string& user_id) {
  const auto now = clock_.Now();
  int active = 0;
  for (const auto& session : raw_->Begin(TransactionMode::kRead)->Sessions().ListByUser(user_id)) {
    if (session.IsActive(now)) ++active;
  }
  return active;
}

std::string RaceHarness::LastResetToken() {
  auto uow = raw_->Begin(TransactionMode::kRead);
  std::string token;
  for (const auto& message : uow->Outbox().Pending(application::kMailStream, 1000)) {
    const auto mail = boost::json::parse(message.payload);
    if (!mail.is_object() || !mail.as_object().contains("text")) continue;
    const std::string text(mail.at("text").as_string());
    static constexpr std::string_view kLink = "/reset-password?token=";
    const auto at = text.find(kLink);
    if (at == std::string::npos) continue;
    const auto start = at + kLink.size();
    const auto end = text.find_first_of(" \r\n", start);
    token = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }
  EXPECT_FALSE(token.empty()) << "no reset-password mail in the outbox";
  return token;
}

}  // namespace rampart::integration::races
