#include "application/auth/principal_access.hpp"

#include <algorithm>
#include <iterator>

#include "application/cache/identity_cache.hpp"
#include "application/ports/unit_of_work.hpp"

namespace rampart::application {
namespace {

domain::Result<void> Revoked(const char* detail) {
  return domain::Fail(domain::Error::Unauthorized(detail));
}

}  // namespace

domain::Result<void> CheckServiceAccountToken(const std::optional<domain::ServiceAccount>& account,
                                              const AccessClaims& claims) {
  const bool honoured = account && account->id == claims.subject && !account->disabled &&
                        account->token_version == claims.token_version;
  if (!honoured) return Revoked("The access token has been revoked.");
  return {};
}

domain::Result<void> CheckApiKey(const std::optional<domain::ApiKey>& key, bool owner_active,
                                 const AccessClaims& claims, domain::TimePoint now) {
  const bool honoured = key && key->id == claims.api_key_id && key->owner_id == claims.subject &&
                        key->owner_kind == claims.kind && key->IsActive(now) && owner_active;
  if (!honoured) return Revoked("The API key has been revoked or has expired.");
  return {};
}

bool UserCanAct(const std::optional<domain::User>& user) { return user && !user->locked; }

bool ServiceAccountCanAct(const std::optional<domain::ServiceAccount>& account) {
  return account && !account->disabled;
}

std::vector<std::string> CurrentPermissions(UnitOfWorkFactory& database, IdentityCache* cache,
                                            domain::PrincipalKind kind, const std::string& id) {
  const bool account = kind == domain::PrincipalKind::kServiceAccount;
  if (cache) {
    return account ? cache->ServiceAccountPermissions(database, id)
                   : cache->Permissions(database, id);
  }
  auto snapshot = database.Begin(TransactionMode::kRead);
  return account ? snapshot->ServiceAccounts().PermissionsOf(id)
                 : snapshot->Users().PermissionsOf(id);
}

}  // namespace rampart::application
