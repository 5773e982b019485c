// The use cases that run on every database adapter (integration/use_case_harness.hpp:
// tests/integration/use_case_contract_*.cpp) on SQLite, with the other use-case suites: every
// test gets a fresh, migrated database file in its own temp directory. PostgreSQL's
// instantiation is in postgres/postgres_repository_test.cpp.
#include "infrastructure/persistence/sqlite/sqlite_test_support.hpp"
#include "integration/use_case_harness.hpp"

namespace rampart::integration {
namespace {

std::unique_ptr<application::UnitOfWorkFactory> MakeSqliteFactory() {
  return std::make_unique<infrastructure::sqlite::test_support::TempDatabaseFactory>();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, UseCaseContract,
                         ::testing::Values(ContractDatabase{"sqlite", &MakeSqliteFactory}),
                         ContractDatabaseName);

}  // namespace
}  // namespace rampart::integration
