// The shared persistence contract (tests/integration/repository_contract.cpp) and the use cases
// that run on every database (integration/use_case_harness.hpp) on PostgreSQL: every test gets a
// fresh, migrated database on the test cluster.
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"
#include "integration/repository_contract.hpp"
#include "integration/use_case_harness.hpp"  // rampart:only(iam)

namespace rampart::integration {
namespace {

std::unique_ptr<application::UnitOfWorkFactory> MakePostgresFactory() {
  return std::make_unique<infrastructure::postgres::test_support::TempDatabaseFactory>();
}

INSTANTIATE_TEST_SUITE_P(Postgres, RepositoryContract,
                         ::testing::Values(ContractDatabase{"postgres", &MakePostgresFactory}),
                         ContractDatabaseName);

// rampart:begin(iam)
INSTANTIATE_TEST_SUITE_P(Postgres, UseCaseContract,
                         ::testing::Values(ContractDatabase{"postgres", &MakePostgresFactory}),
                         ContractDatabaseName);
// rampart:end

}  // namespace
}  // namespace rampart::integration
