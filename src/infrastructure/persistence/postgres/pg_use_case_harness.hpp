#pragma once
// Test-only (header-only): a fresh database on the test cluster with the real services and the
// real dispatcher around it (integration/use_case_harness.hpp), for the tests that run use cases
// against PostgreSQL and interleave them with other transactions (pg_user_writes_test,
// pg_role_assignment_test, pg_seed_race_test, pg_address_failures_test). A fixture derives from
// it (after ::testing::Test) and uses the members directly.
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"
#include "infrastructure/security/system_clock.hpp"
#include "integration/use_case_harness.hpp"

namespace rampart::infrastructure::postgres::test_support {

// PgUseCaseDatabase: what the services run on; a base so that it exists before them.
struct PgUseCaseDatabase {
  TempPgDatabase temp_;  // first: dropped after the pool is closed
  PgDatabase database_{TestOptions(temp_.Url())};
  SystemClock clock_;
};

class PgUseCaseHarness : protected PgUseCaseDatabase, protected integration::UseCaseServices {
 protected:
  PgUseCaseHarness() : UseCaseServices(database_, clock_) {}
};

}  // namespace rampart::infrastructure::postgres::test_support
