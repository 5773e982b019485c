#pragma once
// A UnitOfWorkFactory decorator that keeps the identity cache honest: every repository write
// that changes a cached entity removes that entry at once and again right after Commit. The
// removal after Commit is the one that counts: it also ends the fill ticket of any concurrent
// reader that loaded the old row (Cache::GetOrCreate), so that reader cannot store it. Use
// cases stay unaware of the cache.
//
//   Users().Update(user)            → user:<id>
//   Users().SetRoles(id, ...)       → user:<id>, permissions:<id>
//   Users().SoftDelete(id, ...)     → user:<id>, permissions:<id>
//   Roles().Upsert / SyncPermissions / SetPermissions → every user's permissions (prefix)
//   Roles().Update (rename)         → every user (prefix: cached users carry role names)
//   Roles().Remove                  → every user and every user's permissions (prefixes)
//   Sessions().Update(session)      → session:<id>
//   Sessions().RevokeAllForUser(id) → session:<each of the user's sessions>
//   ServiceAccounts().Update(account) → service_account:<id>
//   ServiceAccounts().SetRoles / Remove → service_account:<id>, permissions:<id>
//   ApiKeys().Revoke(id)            → api_key:<id>
#include <memory>

#include "application/cache/identity_cache.hpp"
#include "application/ports/unit_of_work.hpp"

namespace rampart::application {

class InvalidatingUnitOfWorkFactory final : public UnitOfWorkFactory {
 public:
  // InvalidatingUnitOfWorkFactory: `inner` and `cache` must outlive this.
  InvalidatingUnitOfWorkFactory(UnitOfWorkFactory& inner, IdentityCache& cache)
      : inner_(inner), cache_(cache) {}

  std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) override;
  void Ping() override { inner_.Ping(); }

 private:
  UnitOfWorkFactory& inner_;
  IdentityCache& cache_;
};

}  // namespace rampart::application
