#pragma once
// Test-only (header-only): a fresh database on the test cluster with the real services and the
// real dispatcher around it, for the tests that run use cases against PostgreSQL and interleave
// them with other transactions (pg_user_writes_test, pg_role_assignment_test, pg_seed_race_test).
// A fixture derives from it (after ::testing::Test) and uses the members directly.
#include <memory>
#include <vector>

#include "application/auth/access_token_check.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"

namespace rampart::infrastructure::postgres::test_support {

class PgUseCaseHarness {
 protected:
  // Declaration order is construction order: each member uses the ones above it.
  TempPgDatabase temp_;  // first: dropped after the pool is closed
  PgDatabase database_{TestOptions(temp_.Url())};
  SystemClock clock_;
  SodiumSecureRandom random_;
  Argon2PasswordHasher hasher_{8192, 1};  // cheap parameters: the tests are about transactions
  std::shared_ptr<const KeyRing> keys_ =
      std::make_shared<const KeyRing>(std::make_shared<const SigningKey>(SigningKey::Generate()),
                                      std::vector<std::shared_ptr<const SigningKey>>{});
  JwtTokenService tokens_{keys_, {.issuer = "http://test", .audience = "rampart"}, clock_, random_};
  application::Services services_{.database = database_,
                                  .hasher = hasher_,
                                  .tokens = tokens_,
                                  .clock = clock_,
                                  .random = random_};
  application::DatabaseAccessTokenCheck check_{services_};
  application::Dispatcher dispatcher_{services_, check_};
};

}  // namespace rampart::infrastructure::postgres::test_support
