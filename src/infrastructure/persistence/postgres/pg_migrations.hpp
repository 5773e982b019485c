#pragma once
#include <span>

#include "infrastructure/persistence/migration.hpp"

namespace rampart::infrastructure::postgres {

// Migrations returns the SQL files of migrations/postgres/, embedded at build time
// (cmake/embed_migrations.cmake), in ascending version order; the same versions as
// migrations/sqlite/. A migration must not contain BEGIN/COMMIT: each one runs inside its own
// transaction with its schema_migrations row.
std::span<const Migration> Migrations();

}  // namespace rampart::infrastructure::postgres
