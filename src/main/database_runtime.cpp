#include "main/database_runtime.hpp"

#include "main/config/database_url.hpp"  // rampart:only(postgres)

#include <filesystem>  // rampart:only(sqlite)
#include <span>
#include <thread>  // rampart:only(postgres)

#include "application/ports/dependency_unavailable.hpp"  // rampart:only(postgres)
#include "common/log.hpp"  // rampart:only(postgres)
#include "infrastructure/persistence/postgres/pg_connection.hpp"  // rampart:only(postgres)
#include "infrastructure/persistence/postgres/pg_database.hpp"  // rampart:only(postgres)
#include "infrastructure/persistence/postgres/pg_migrations.hpp"  // rampart:only(postgres)
// rampart:begin(sqlite)
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"
#include "infrastructure/persistence/sqlite/sqlite_migrations.hpp"
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"
// rampart:end
#include "infrastructure/resilience/backoff.hpp"  // rampart:only(postgres)
#include "infrastructure/sqlite/query.hpp"  // rampart:only(sqlite)

namespace rampart {

using namespace infrastructure;

namespace {

// rampart:begin(postgres)
postgres::PgOptions PostgresOptions(const config::Settings& s, DatabaseCredentials credentials) {
  postgres::PgOptions options;
  options.pool.current_url = std::move(credentials.current_url);
  options.pool.on_password_refused = std::move(credentials.on_password_refused);
  options.pool.connect = {.url = config::WithPassword(s.database_url, s.database_password),
                          .connect_timeout = s.database_connect_timeout,
                          .statement_timeout = s.database_statement_timeout,
                          .observer = nullptr};
  options.pool.min_size = s.database_pool_min_size;
  options.pool.max_size = s.database_pool_max_size;
  options.pool.acquire_timeout = s.database_acquire_timeout;
  options.pool.max_lifetime = s.database_max_lifetime;
  options.pool.idle_timeout = s.database_idle_timeout;
  options.pool.breaker = {.failure_threshold = s.database_breaker_failures,
                          .open_for = s.database_breaker_open_for};
  // The server cancels a statement at statement_timeout; the client gives it a second more.
  options.call_timeout = s.database_statement_timeout.count() > 0
                             ? s.database_statement_timeout + std::chrono::seconds(1)
                             : std::chrono::milliseconds(std::chrono::hours(1));
  options.slow_query_threshold = s.slow_query_threshold;
  // Statement names are a fixed set of constants: a bounded label.
  auto& durations = telemetry::Metrics().Histogram(
      "rampart.db.query.duration", "PostgreSQL statement durations by statement name.", "s",
      {"statement"});
  options.query_observer = [&durations](std::string_view statement,
                                        std::chrono::nanoseconds duration) {
    durations.With({statement}).Record(std::chrono::duration<double>(duration).count());
  };
  return options;
}

// The pool's state, read at each metrics collection.
std::vector<telemetry::CallbackHandle> RegisterPoolMetrics(const postgres::PgDatabase& database) {
  using telemetry::MetricType;
  auto& metrics = telemetry::Metrics();
  std::vector<telemetry::CallbackHandle> handles;
  const auto gauge = [&](const char* name, const char* description, const char* unit,
                         MetricType type, auto read) {
    handles.push_back(metrics.AddCallback(
        {name, description, unit, type, {}},
        [&database, read](telemetry::Observer& out) { out.Observe(read(database.Stats())); }));
  };
  gauge("rampart.db.pool.in_use", "PostgreSQL connections leased to a unit of work.",
        "{connection}", MetricType::kGauge,
        [](const postgres::PoolStats& s) { return double(s.in_use); });
  gauge("rampart.db.pool.idle", "PostgreSQL connections open and free.", "{connection}",
        MetricType::kGauge, [](const postgres::PoolStats& s) { return double(s.idle); });
  gauge("rampart.db.pool.waiting", "Callers waiting for a free PostgreSQL connection.", "{caller}",
        MetricType::kGauge, [](const postgres::PoolStats& s) { return double(s.waiting); });
  gauge("rampart.db.pool.connect_failures", "Failed PostgreSQL connects since start.", "{connect}",
        MetricType::kCounter,
        [](const postgres::PoolStats& s) { return double(s.connect_failures); });
  gauge("rampart.db.circuit_open",
        "1 while the PostgreSQL circuit breaker is open (requests fail fast with 503).", "1",
        MetricType::kGauge, [](const postgres::PoolStats& s) {
          return s.breaker == resilience::CircuitBreaker::State::kOpen ? 1.0 : 0.0;
        });
  return handles;
}

// How long `serve` and `migrate` keep trying to reach PostgreSQL before giving up (a database
// that starts alongside the service, as in Compose, is usually a few seconds behind).
constexpr std::chrono::seconds kStartupPatience{30};

// Runs `call` until PostgreSQL answers it, at most kStartupPatience; a failure that cannot heal
// by waiting (PgConnectRefused: authentication, unknown role or database) is thrown at once.
template <class Call>
auto WithPatience(Call call) {
  resilience::Backoff backoff({.initial = std::chrono::milliseconds(200),
                               .max = std::chrono::milliseconds(3000),
                               .multiplier = 2.0});
  const auto give_up = std::chrono::steady_clock::now() + kStartupPatience;
  while (true) {
    try {
      return call();
    } catch (const postgres::PgConnectRefused&) {
      throw;
    } catch (const application::DependencyUnavailable& error) {
      if (std::chrono::steady_clock::now() >= give_up) throw;
      const auto delay = backoff.Next();
      log::Warn("db", "PostgreSQL not reachable yet; retrying",
                {{"error", error.what()}, {"retryInMs", delay.count()}});
      std::this_thread::sleep_for(delay);
    }
  }
}

// rampart:end

SchemaStatus StatusOf(int current, std::span<const Migration> known) {
  SchemaStatus status{.current = current, .latest = known.empty() ? 0 : known.back().version};
  for (const auto& migration : known) {
    if (migration.version > current) status.pending.emplace_back(migration.name);
  }
  return status;
}

// rampart:begin(postgres)
// rampart:begin(sqlite)
std::span<const Migration> Known(const config::Settings& settings) {
  return settings.database_is_sqlite ? sqlite::Migrations() : postgres::Migrations();
}
// rampart:else
// std::span<const Migration> Known(const config::Settings&) { return postgres::Migrations(); }
// rampart:end
// rampart:else
// std::span<const Migration> Known(const config::Settings&) { return sqlite::Migrations(); }
// rampart:end

}  // namespace

// rampart:begin(sqlite)
std::optional<SchemaStatus> StatusWithoutOpening(const config::Settings& settings) {
  if (!settings.database_is_sqlite || std::filesystem::exists(settings.sqlite_path)) {
    return std::nullopt;
  }
  return StatusOf(0, sqlite::Migrations());
}
// rampart:end

DatabaseRuntime::DatabaseRuntime(const config::Settings& settings, DatabaseCredentials credentials)
    : settings_(settings) {
  // rampart:begin(sqlite)
  if (settings.database_is_sqlite) {
    sqlite::SetSlowQueryThreshold(settings.slow_query_threshold);
    sqlite_ = std::make_shared<sqlite::SqliteDatabase>(sqlite::SqliteOptions{
        .path = settings.sqlite_path, .pool_size = settings.worker_threads + 1});
    units_of_work_ = std::make_unique<sqlite::SqliteUnitOfWorkFactory>(sqlite_);
    return;
  }
  // rampart:end
  // rampart:begin(postgres)
  auto postgres =
      std::make_unique<postgres::PgDatabase>(PostgresOptions(settings, std::move(credentials)));
  postgres_ = postgres.get();
  units_of_work_ = std::move(postgres);
  metrics_ = RegisterPoolMetrics(*postgres_);
  // rampart:else
  // (void)credentials;
  // rampart:end
}

DatabaseRuntime::~DatabaseRuntime() = default;

SchemaStatus DatabaseRuntime::Status() {
  if (sqlite_) return StatusOf(sqlite_->CurrentVersion(), Known(settings_));  // rampart:only(sqlite)
  // rampart:begin(postgres)
  return StatusOf(WithPatience([this] { return postgres_->CurrentVersion(); }), Known(settings_));
  // rampart:else
  // return {};
  // rampart:end
}

std::vector<std::string> DatabaseRuntime::Migrate() {
  if (Status().Newer()) return {};
  // rampart:begin(postgres)
  // rampart:begin(sqlite)
  const auto applied =
      sqlite_ ? sqlite_->Migrate() : WithPatience([this] { return postgres_->Migrate(); });
  // rampart:else
  // const auto applied = WithPatience([this] { return postgres_->Migrate(); });
  // rampart:end
  // rampart:else
  // const auto applied = sqlite_->Migrate();
  // rampart:end
  std::vector<std::string> names;
  for (const auto& migration : applied) names.emplace_back(migration.name);
  return names;
}

void DatabaseRuntime::Interrupt() {
  if (postgres_ != nullptr) postgres_->Interrupt();  // rampart:only(postgres)
}

}  // namespace rampart
