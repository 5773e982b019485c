#pragma once
#include <chrono>
#include <span>
#include <vector>

#include "infrastructure/persistence/migration.hpp"
#include "infrastructure/persistence/postgres/pg_connection.hpp"

namespace rampart::infrastructure::postgres {

// SchemaVersion returns the highest version recorded in schema_migrations; 0 for a database never
// migrated.
int SchemaVersion(PgConnection& connection, std::chrono::milliseconds timeout);

// ApplyMigrations applies the migrations of `known` the database lacks, each in its own transaction
// together with its schema_migrations row, and returns them. Holds a session-level advisory lock
// for the whole run, so instances starting together migrate once: the others wait, then find
// nothing to do. Throws std::runtime_error when the database records a version newer than any known
// (migrated by a newer rampart).
std::vector<Migration> ApplyMigrations(PgConnection& connection, std::span<const Migration> known,
                                       std::chrono::milliseconds timeout);

}  // namespace rampart::infrastructure::postgres
