#pragma once
#include <span>
#include <vector>

#include "infrastructure/persistence/migration.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SchemaVersion returns the highest version recorded in schema_migrations; 0 for a database never
// migrated.
int SchemaVersion(Connection& connection);

// ApplyMigrations applies the migrations of `known` (ascending, unique versions) that the database
// does not have yet, each in its own write transaction with its schema_migrations row, and returns
// them. Throws std::runtime_error, applying nothing, when the database records a version newer than
// any in `known` (it was migrated by a newer rampart; running old code against it is unsafe). Safe
// against a concurrent migrator in another process: each step re-checks under the lock.
std::vector<Migration> ApplyMigrations(Connection& connection, std::span<const Migration> known);

}  // namespace rampart::infrastructure::sqlite
