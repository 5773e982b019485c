#include "infrastructure/persistence/sqlite/schema_migrator.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

namespace rampart::infrastructure::sqlite {

namespace {

constexpr const char* kCreateHistory =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER NOT NULL PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL)";

void CheckOrder(std::span<const Migration> known) {
  for (std::size_t i = 0; i < known.size(); ++i) {
    if (known[i].version < 1 || (i > 0 && known[i].version <= known[i - 1].version)) {
      throw std::logic_error("SQLite migrations must have ascending, unique, positive versions");
    }
  }
}

bool IsApplied(Connection& connection, int version) {
  auto query = connection.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  query.Bind(1, version);
  return query.Next();
}

// Rolls back unless Commit() ran, so a failing migration leaves no trace.
class Transaction {
 public:
  explicit Transaction(Connection& connection) : connection_(connection) {
    connection_.ExecuteScript("BEGIN IMMEDIATE");
  }
  ~Transaction() {
    if (connection_.InTransaction()) {
      try {
        connection_.ExecuteScript("ROLLBACK");
      } catch (...) {
      }
    }
  }
  void Commit() { connection_.ExecuteScript("COMMIT"); }

 private:
  Connection& connection_;
};

}  // namespace

int SchemaVersion(Connection& connection) {
  {
    auto exists = connection.Prepare(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
    if (!exists.Next()) return 0;
  }
  auto query = connection.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  query.Next();
  return static_cast<int>(query.Int(0));
}

std::vector<Migration> ApplyMigrations(Connection& connection, std::span<const Migration> known) {
  CheckOrder(known);
  connection.ExecuteScript(kCreateHistory);
  const int newest_known = known.empty() ? 0 : known.back().version;
  std::vector<Migration> applied;
  for (const Migration& migration : known) {
    Transaction transaction(connection);
    const int current = SchemaVersion(connection);
    if (current > newest_known) {
      throw std::runtime_error(
          "SQLite: the database schema is at version " + std::to_string(current) +
          ", newer than this rampart knows (" + std::to_string(newest_known) +
          "); run the rampart version that migrated it, or restore a matching backup");
    }
    if (IsApplied(connection, migration.version)) continue;
    try {
      connection.ExecuteScript(std::string(migration.sql));
    } catch (const std::exception& e) {
      throw std::runtime_error("SQLite: migration " + std::string(migration.name) +
                               " failed: " + e.what());
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    connection.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
        .BindAll(migration.version, migration.name, now)
        .Execute();
    transaction.Commit();
    applied.push_back(migration);
  }
  if (known.empty() && SchemaVersion(connection) > 0) {
    throw std::runtime_error(
        "SQLite: the database has a schema but this rampart knows no migrations");
  }
  return applied;
}

}  // namespace rampart::infrastructure::sqlite
