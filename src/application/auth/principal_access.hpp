#pragma once
// The per-request decisions for the principals that are not a user's session token: a service
// account's access token (docs/security.md#service-accounts) and an API key
// (docs/security.md#api-keys). Shared by the database check and its cached decorator, like
// CheckAccessState for session tokens.
#include <optional>
#include <string>
#include <vector>

#include "application/dispatch/access_check.hpp"  // LimitToScope
#include "application/ports/token_service.hpp"
#include "domain/api_key.hpp"
#include "domain/errors.hpp"
#include "domain/service_account.hpp"
#include "domain/user.hpp"

namespace rampart::application {

class UnitOfWorkFactory;
class IdentityCache;

// CheckServiceAccountToken: a service account's token is honoured while the account exists,
// is not disabled and its token version equals the token's `ver` (a secret rotation or a disable
// bumps it).
domain::Result<void> CheckServiceAccountToken(const std::optional<domain::ServiceAccount>& account,
                                              const AccessClaims& claims);

// CheckApiKey: an API key is honoured while it is the key the claims name, not revoked, not
// expired, and its owner can act: a user who exists (not deleted) and is not locked, or a service
// account that exists and is not disabled. `owner_active` says the latter.
domain::Result<void> CheckApiKey(const std::optional<domain::ApiKey>& key, bool owner_active,
                                 const AccessClaims& claims, domain::TimePoint now);

// UserCanAct returns whether a user or service account can act now (for CheckApiKey).
bool UserCanAct(const std::optional<domain::User>& user);
bool ServiceAccountCanAct(const std::optional<domain::ServiceAccount>& account);

// CurrentPermissions returns the current permissions of a principal (its roles' grants), through
// the identity cache when there is one. Blocking.
std::vector<std::string> CurrentPermissions(UnitOfWorkFactory& database, IdentityCache* cache,
                                            domain::PrincipalKind kind, const std::string& id);

}  // namespace rampart::application
