#include "infrastructure/persistence/postgres/pg_migrator.hpp"

#include <stdexcept>
#include <string>

#include "infrastructure/persistence/postgres/pg_error.hpp"

namespace rampart::infrastructure::postgres {

namespace {

// An arbitrary constant naming "rampart schema migrations" among advisory locks.
constexpr const char* kLockKey = "7261600001";

constexpr Statement kCurrentVersion{"migrate_current_version",
                                    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
constexpr Statement kIsApplied{"migrate_is_applied",
                               "SELECT 1 FROM schema_migrations WHERE version = $1"};

std::string Quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace

int SchemaVersion(PgConnection& connection, std::chrono::milliseconds timeout) {
  connection.ExecuteScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
      " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      timeout);
  return static_cast<int>(connection.Execute(kCurrentVersion, {}, timeout).Int(0, 0));
}

std::vector<Migration> ApplyMigrations(PgConnection& connection, std::span<const Migration> known,
                                       std::chrono::milliseconds timeout) {
  for (std::size_t i = 0; i < known.size(); ++i) {
    if (known[i].version < 1 || (i > 0 && known[i].version <= known[i - 1].version)) {
      throw std::logic_error(
          "PostgreSQL migrations must have ascending, unique, positive versions");
    }
  }
  // Session-level: held across the per-migration transactions, released below or when the
  // connection ends (a crashed migrator does not leave it behind).
  connection.ExecuteScript(std::string("SELECT pg_advisory_lock(") + kLockKey + ")", timeout);
  std::vector<Migration> applied;
  try {
    const int newest_known = known.empty() ? 0 : known.back().version;
    const int current = SchemaVersion(connection, timeout);
    if (current > newest_known) {
      throw std::runtime_error(
          "PostgreSQL: the database schema is at version " + std::to_string(current) +
          ", newer than this rampart knows (" + std::to_string(newest_known) +
          "); run the rampart version that migrated it, or restore a matching backup");
    }
    for (const Migration& migration : known) {
      if (connection.Execute(kIsApplied, ParamsOf(migration.version), timeout).Rows() > 0) continue;
      try {
        // One simple-protocol script: BEGIN, the migration, its history row, COMMIT. On any
        // error the server aborts the transaction and skips the rest of the script.
        connection.ExecuteScript("BEGIN;\n" + std::string(migration.sql) +
                                     "\n;INSERT INTO schema_migrations (version, name) VALUES (" +
                                     std::to_string(migration.version) + ", " +
                                     Quoted(migration.name) + ");\nCOMMIT;",
                                 timeout);
      } catch (const PgError& error) {
        connection.ExecuteScript("ROLLBACK", timeout);
        throw std::runtime_error("PostgreSQL: migration " + std::string(migration.name) +
                                 " failed: " + error.what());
      }
      applied.push_back(migration);
    }
  } catch (...) {
    try {
      connection.ExecuteScript(std::string("SELECT pg_advisory_unlock(") + kLockKey + ")", timeout);
    } catch (...) {
    }
    throw;
  }
  connection.ExecuteScript(std::string("SELECT pg_advisory_unlock(") + kLockKey + ")", timeout);
  return applied;
}

}  // namespace rampart::infrastructure::postgres
