#pragma once
#include <span>

#include "infrastructure/persistence/migration.hpp"

namespace rampart::infrastructure::postgres {

// Migrations returns the SQL files of migrations/postgres/, embedded at build time
// (cmake/embed_migrations.cmake), in ascending version order. A migration must not contain
// BEGIN/COMMIT: each one runs inside its own transaction with its schema_migrations row.
// The versions are those of migrations/sqlite/.  // rampart:only(sqlite)
std::span<const Migration> Migrations();

}  // namespace rampart::infrastructure::postgres
