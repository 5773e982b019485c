#include "infrastructure/persistence/sqlite/sqlite_database.hpp"

#include <algorithm>
#include <thread>

#include "common/usable_cores.hpp"
#include "infrastructure/persistence/sqlite/schema_migrator.hpp"
#include "infrastructure/persistence/sqlite/sqlite_migrations.hpp"

namespace rampart::infrastructure::sqlite {

namespace {

SqliteOptions Resolve(SqliteOptions options) {
  if (options.pool_size <= 0) {
    options.pool_size = UsableCores() + 1;
  }
  return options;
}

}  // namespace

SqliteDatabase::SqliteDatabase(SqliteOptions options)
    : options_(Resolve(std::move(options))),
      pool_(options_.path, options_.pool_size, options_.busy_timeout, options_.busy_timeout),
      pool_metrics_(telemetry::Metrics().AddCallback(
          {.name = "db.client.connection.count",
           .description = "Database connections by state (idle, used), and the pool's maximum.",
           .unit = "{connection}",
           .type = telemetry::MetricType::kGauge,
           .label_names = {"db.system.name", "db.client.connection.state"}},
          [this](telemetry::Observer& out) {
            const auto stats = pool_.CurrentStats();
            out.Observe(stats.idle, {"sqlite", "idle"});
            out.Observe(stats.open - stats.idle, {"sqlite", "used"});
            out.Observe(pool_.size(), {"sqlite", "max"});
          })) {}

std::vector<Migration> SqliteDatabase::Migrate() { return Migrate(Migrations()); }

std::vector<Migration> SqliteDatabase::Migrate(std::span<const Migration> migrations) {
  auto writer = LockWriter();
  auto connection = Acquire();
  return ApplyMigrations(*connection, migrations);
}

int SqliteDatabase::CurrentVersion() {
  auto connection = Acquire();
  return SchemaVersion(*connection);
}

}  // namespace rampart::infrastructure::sqlite
