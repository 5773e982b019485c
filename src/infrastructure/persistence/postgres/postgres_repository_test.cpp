// The shared persistence contract (tests/integration/repository_contract.cpp) on PostgreSQL:
// every test gets a fresh, migrated database on the test cluster.
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"
#include "integration/repository_contract.hpp"

namespace rampart::integration {
namespace {

std::unique_ptr<application::UnitOfWorkFactory> MakePostgresFactory() {
  return std::make_unique<infrastructure::postgres::test_support::TempDatabaseFactory>();
}

INSTANTIATE_TEST_SUITE_P(Postgres, RepositoryContract,
                         ::testing::Values(ContractDatabase{"postgres", &MakePostgresFactory}),
                         ContractDatabaseName);

}  // namespace
}  // namespace rampart::integration
