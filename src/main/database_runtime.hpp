#pragma once
// The database of one process, built from the database settings alone: what `rampart migrate`
// needs (no signing keys, no cache, no metrics token), and what the composition root builds
// the rest on. Knows the schema's state against the migrations embedded in this binary.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "application/ports/unit_of_work.hpp"
#include "main/config/settings.hpp"
#include "telemetry/metrics.hpp"

namespace rampart {

namespace infrastructure {
namespace sqlite {  // rampart:only(sqlite)
class SqliteDatabase;  // rampart:only(sqlite)
}  // rampart:only(sqlite)
namespace postgres {  // rampart:only(postgres)
class PgDatabase;  // rampart:only(postgres)
}  // rampart:only(postgres)
}  // namespace infrastructure

// SchemaStatus is the schema against this binary's migrations.
struct SchemaStatus {
  int current = 0;                   // highest applied version; 0 for an empty database
  int latest = 0;                    // highest version embedded in this binary
  std::vector<std::string> pending;  // embedded migrations not applied yet, in order

  // Newer: migrated by a newer release: this binary runs on it (expand/contract, see
  // docs/operations.md#upgrades-and-rollback) but applies nothing.
  bool Newer() const { return current > latest; }
};

// rampart:begin(sqlite)
// StatusWithoutOpening: without opening (or creating) the database: a SQLite file that does not
// exist yet has every migration pending. Nullopt when the database must be asked (it exists, or
// is a server).
std::optional<SchemaStatus> StatusWithoutOpening(const config::Settings& settings);
// rampart:end

// DatabaseCredentials: a database password that rotates (database.url read from Secrets
// Manager): every connect asks `current_url`, and a refused password calls
// `on_password_refused` so that the secret is read again. Both must be quick and never block.
// Empty: database.url as loaded.
struct DatabaseCredentials {
  std::function<std::string()> current_url;
  std::function<void()> on_password_refused;
};

class DatabaseRuntime {
 public:
  // DatabaseRuntime: SQLite: opens (creating) the file.  // rampart:only(sqlite)
  // PostgreSQL: starts the pool, which connects in the background (the process starts while  // rampart:only(postgres)
  // the database is down).  // rampart:only(postgres)
  explicit DatabaseRuntime(const config::Settings& settings, DatabaseCredentials credentials = {});
  ~DatabaseRuntime();
  DatabaseRuntime(const DatabaseRuntime&) = delete;
  DatabaseRuntime& operator=(const DatabaseRuntime&) = delete;

  application::UnitOfWorkFactory& UnitsOfWork() { return *units_of_work_; }
  infrastructure::postgres::PgDatabase* Postgres() const { return postgres_; }  // rampart:only(postgres)
  infrastructure::sqlite::SqliteDatabase* Sqlite() const { return sqlite_.get(); }  // rampart:only(sqlite)

  // Status returns the schema's state. A database server is waited for like Migrate.
  SchemaStatus Status();
  // Migrate applies the pending migrations and returns their names; nothing on a newer schema. A
  // database server is waited for up to 30 s to accept connections (a database starting
  // alongside), except for failures that cannot heal (authentication, unknown role or
  // database): those throw at once.
  std::vector<std::string> Migrate();
  // Interrupt: for shutdown: calls waiting on a database server fail now, later ones at once.
  void Interrupt();

 private:
  const config::Settings& settings_;
  std::shared_ptr<infrastructure::sqlite::SqliteDatabase> sqlite_;  // rampart:only(sqlite)
  infrastructure::postgres::PgDatabase* postgres_ = nullptr;  // owned by units_of_work_  // rampart:only(postgres)
  std::unique_ptr<application::UnitOfWorkFactory> units_of_work_;
  // The pool's gauges; declared after the database so they unregister before it goes.
  std::vector<telemetry::CallbackHandle> metrics_;
};

}  // namespace rampart
