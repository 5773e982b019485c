// The shared persistence contract (tests/integration/repository_contract.cpp) on SQLite: every
// test gets a fresh, migrated database file in its own temp directory. (The use-case contract
// runs on SQLite in use_case_tests: tests/integration/use_cases/use_case_contract_sqlite_test.cpp.)
#include "infrastructure/persistence/sqlite/sqlite_test_support.hpp"
#include "integration/repository_contract.hpp"

namespace rampart::integration {
namespace {

std::unique_ptr<application::UnitOfWorkFactory> MakeSqliteFactory() {
  return std::make_unique<infrastructure::sqlite::test_support::TempDatabaseFactory>();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, RepositoryContract,
                         ::testing::Values(ContractDatabase{"sqlite", &MakeSqliteFactory}),
                         ContractDatabaseName);

}  // namespace
}  // namespace rampart::integration
