// The shared persistence contract (tests/integration/repository_contract.cpp) and the use cases
// that run on every database (integration/use_case_harness.hpp) on SQLite: every test gets a
// fresh, migrated database file in its own temp directory.
#include "infrastructure/persistence/sqlite/sqlite_test_support.hpp"
#include "integration/repository_contract.hpp"
#include "integration/use_case_harness.hpp"

namespace rampart::integration {
namespace {

std::unique_ptr<application::UnitOfWorkFactory> MakeSqliteFactory() {
  return std::make_unique<infrastructure::sqlite::test_support::TempDatabaseFactory>();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, RepositoryContract,
                         ::testing::Values(ContractDatabase{"sqlite", &MakeSqliteFactory}),
                         ContractDatabaseName);

INSTANTIATE_TEST_SUITE_P(Sqlite, UseCaseContract,
                         ::testing::Values(ContractDatabase{"sqlite", &MakeSqliteFactory}),
                         ContractDatabaseName);

}  // namespace
}  // namespace rampart::integration
