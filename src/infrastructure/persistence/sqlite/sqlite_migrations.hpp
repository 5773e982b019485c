#pragma once
#include <span>

#include "infrastructure/persistence/migration.hpp"

namespace rampart::infrastructure::sqlite {

// Migrations returns the SQL files of migrations/sqlite/, embedded at build time
// (cmake/embed_migrations.cmake), in ascending version order. A migration must not contain
// BEGIN/COMMIT: each one runs inside its own transaction together with its schema_migrations row.
std::span<const Migration> Migrations();

}  // namespace rampart::infrastructure::sqlite
