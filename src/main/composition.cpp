#include "main/composition.hpp"

#include <stdexcept>

#include "infrastructure/persistence/sqlite/sqlite_database.hpp"
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"
#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_directory.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"

namespace rampart {

using namespace infrastructure;

Composition::Composition(const config::Settings& settings) : settings_(settings) {
  if (!settings.database_is_sqlite) {
    throw std::runtime_error(
        "database: PostgreSQL (RAMPART_DATABASE_URL=postgresql://...) is not available in this "
        "build yet; use sqlite://<path> or leave RAMPART_DATABASE_URL unset");
  }
  database_ = std::make_shared<sqlite::SqliteDatabase>(sqlite::SqliteOptions{
      .path = settings.sqlite_path, .pool_size = settings.worker_threads + 1});
  units_of_work_ = std::make_unique<sqlite::SqliteUnitOfWorkFactory>(database_);
  hasher_ = std::make_unique<Argon2PasswordHasher>(settings.argon2_memory_kib,
                                                   settings.argon2_iterations);
  clock_ = std::make_unique<SystemClock>();
  random_ = std::make_unique<SodiumSecureRandom>();
  keys_ = std::make_shared<const KeyRing>(settings.signing_key_file.empty()
                                              ? LoadOrCreateKeyRing(settings.keys_dir)
                                              : KeyRing::FromPemFile(settings.signing_key_file));
  tokens_ = std::make_unique<JwtTokenService>(keys_,
                                              JwtOptions{.issuer = settings.issuer,
                                                         .audience = settings.audience,
                                                         .access_ttl = settings.access_token_ttl},
                                              *clock_, *random_);
  services_ = std::make_unique<application::Services>(application::Services{
      .database = *units_of_work_,
      .hasher = *hasher_,
      .tokens = *tokens_,
      .clock = *clock_,
      .random = *random_,
      .settings = {.refresh_idle_ttl = settings.refresh_idle_ttl,
                   .session_max_lifetime = settings.session_max_lifetime,
                   .password_policy = {.min_length = settings.password_min_length,
                                       .max_length = settings.password_max_length,
                                       .reject_common = settings.password_reject_common},
                   .lockout = {.max_failures = settings.lockout_max_failures,
                               .base_lock = settings.lockout_base_duration,
                               .max_lock = settings.lockout_max_duration,
                               .reset_after = settings.lockout_reset_after}}});
  rate_limits_ = std::make_unique<MemoryRateLimitStore>(
      MemoryRateLimitStoreOptions{.max_keys = settings.rate_limit_max_keys});
}

Composition::~Composition() = default;

int Composition::Migrate() { return static_cast<int>(database_->Migrate().size()); }

}  // namespace rampart
