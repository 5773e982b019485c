#pragma once
// Test-only (header-only): the database the use-case suites of tests/integration/use_cases run
// on, fresh and migrated for every test,
// rampart:begin(sqlite)
// a SQLite file in a temporary directory (the service's default database).
// rampart:else
// // a database of its own on the test PostgreSQL cluster (the ctest fixture `postgres`,
// // postgres/postgres_test_support.hpp), dropped after the test.
// rampart:end
// A suite that needs the database only derives from UseCaseDatabase; one that sends use cases
// derives from DispatcherHarness (dispatcher_harness.hpp), which is one.
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "application/ports/unit_of_work.hpp"
// rampart:begin(sqlite)
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"
// rampart:else
// #include "infrastructure/persistence/postgres/postgres_test_support.hpp"
// rampart:end

namespace rampart::infrastructure::test_support {

// rampart:begin(sqlite)
// OpenSqlite migrates a SQLite database at `path` and answers a unit-of-work factory over it.
inline std::unique_ptr<application::UnitOfWorkFactory> OpenSqlite(
    const std::filesystem::path& path, int pool_size = 2) {
  auto database = std::make_shared<sqlite::SqliteDatabase>(
      sqlite::SqliteOptions{.path = path, .pool_size = pool_size});
  database->Migrate();
  return std::make_unique<sqlite::SqliteUnitOfWorkFactory>(database);
}

// rampart:end
// TempDir is a fresh directory under the system's temporary one, removed with it.
struct TempDir {
  explicit TempDir(std::string_view prefix)
      : path(std::filesystem::temp_directory_path() /
             (std::string(prefix) + "-" + std::to_string(std::random_device{}()))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path path;
};

// UseCaseDatabase is what the services run on: `database_`, migrated, and `dir_`, a directory
// of the test's own for the files beside it (the embedded local queue); a base so that both
// exist before the services and are closed before they go.
struct UseCaseDatabase {
  // Another fresh, migrated database, as an empty one a second start would find; `name` names
  // it for the reader.
  std::unique_ptr<application::UnitOfWorkFactory> OpenAnother(
      [[maybe_unused]] std::string_view name) const {
    // rampart:begin(sqlite)
    return OpenSqlite(dir_ / (std::string(name) + ".db"), 1);
    // rampart:else
    // return std::make_unique<postgres::test_support::TempDatabaseFactory>();
    // rampart:end
  }

  TempDir temp_{"rampart-use-cases"};
  const std::filesystem::path& dir_ = temp_.path;
  // rampart:begin(sqlite)
  std::unique_ptr<application::UnitOfWorkFactory> database_ = OpenSqlite(dir_ / "rampart.db");
  // rampart:else
  // std::unique_ptr<application::UnitOfWorkFactory> database_ =
  //     std::make_unique<postgres::test_support::TempDatabaseFactory>();
  // rampart:end
};

}  // namespace rampart::infrastructure::test_support
