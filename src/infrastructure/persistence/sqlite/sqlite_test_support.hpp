#pragma once
// Test-only helpers for the SQLite adapter's tests (header-only: nothing of it links into the
// service).
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "infrastructure/persistence/sqlite/sqlite_database.hpp"
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"

namespace rampart::infrastructure::sqlite::test_support {

// TempDirectory is a fresh directory under the system temp dir, removed with everything in it on
// destruction.
class TempDirectory {
 public:
  TempDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rampart-sqlite-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// TempDatabaseFactory: a migrated database in its own temp directory, deleted when the factory goes
// away.
class TempDatabaseFactory final : public application::UnitOfWorkFactory {
 public:
  explicit TempDatabaseFactory(int pool_size = 4)
      : database_(std::make_shared<SqliteDatabase>(SqliteOptions{
            .path = directory_.path() / "nested" / "rampart.db", .pool_size = pool_size})),
        factory_(database_) {
    database_->Migrate();
  }
  std::unique_ptr<application::UnitOfWork> Begin(application::TransactionMode mode) override {
    return factory_.Begin(mode);
  }
  void Ping() override { factory_.Ping(); }
  SqliteDatabase& database() { return *database_; }

 private:
  TempDirectory directory_;  // first: removed after the database is closed
  std::shared_ptr<SqliteDatabase> database_;
  SqliteUnitOfWorkFactory factory_;
};

}  // namespace rampart::infrastructure::sqlite::test_support
