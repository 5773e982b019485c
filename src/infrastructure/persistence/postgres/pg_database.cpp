#include "infrastructure/persistence/postgres/pg_database.hpp"

#include "common/log.hpp"
#include "infrastructure/persistence/postgres/pg_loop.hpp"
#include "infrastructure/persistence/postgres/pg_migrations.hpp"
#include "infrastructure/persistence/postgres/pg_migrator.hpp"
#include "infrastructure/persistence/postgres/pg_unit_of_work.hpp"

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kPing{"ping", "SELECT 1"};
constexpr std::chrono::minutes kMigrationTimeout{10};

// The slow-query log and the caller's observer, behind the one hook the connections call.
std::shared_ptr<const QueryObserver> MakeObserver(const PgOptions& options) {
  const auto threshold = options.slow_query_threshold;
  return std::make_shared<const QueryObserver>(
      [threshold, next = options.query_observer](std::string_view statement,
                                                 std::chrono::nanoseconds duration) {
        if (threshold.count() > 0 && duration >= threshold) {
          log::Warn("db", "slow query",
                    {{"statement", statement},
                     {"durationMs", std::chrono::duration<double, std::milli>(duration).count()}});
        }
        if (next) next(statement, duration);
      });
}

PgOptions Resolve(PgOptions options) {
  options.pool.connect.observer = MakeObserver(options);
  return options;
}

}  // namespace

PgDatabase::PgDatabase(PgOptions options)
    : options_(Resolve(std::move(options))),
      loop_(std::make_unique<PgLoop>()),
      pool_(std::make_unique<PgPool>(*loop_, options_.pool)) {}

PgDatabase::~PgDatabase() {
  pool_.reset();  // closes the idle connections on the loop, which still runs
  loop_.reset();
}

std::unique_ptr<application::UnitOfWork> PgDatabase::Begin(application::TransactionMode mode) {
  return std::make_unique<PgUnitOfWork>(pool_->Acquire(), mode, options_.call_timeout);
}

void PgDatabase::Ping() {
  const auto deadline = std::chrono::steady_clock::now() + options_.ping_timeout;
  auto connection = pool_->Acquire(options_.ping_timeout);
  const auto left =
      std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  connection->Execute(kPing, {}, std::max(left, std::chrono::milliseconds(1)));
}

void PgDatabase::Interrupt() { pool_->Interrupt(); }

std::vector<Migration> PgDatabase::Migrate() { return Migrate(Migrations()); }

std::vector<Migration> PgDatabase::Migrate(std::span<const Migration> migrations) {
  // A connection of its own: the advisory lock is held by the session.
  auto connection = PgConnection::Open(*loop_, options_.pool.connect);
  try {
    auto applied = ApplyMigrations(*connection, migrations, kMigrationTimeout);
    connection->Close();
    return applied;
  } catch (...) {
    connection->Close();
    throw;
  }
}

int PgDatabase::CurrentVersion() {
  auto connection = pool_->Acquire();
  return SchemaVersion(*connection, options_.call_timeout);
}

PoolStats PgDatabase::Stats() const { return pool_->Stats(); }

}  // namespace rampart::infrastructure::postgres
