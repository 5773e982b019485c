#pragma once
// The JSON shapes of service accounts and API keys (docs/security.md).
#include <boost/json/object.hpp>

#include "application/api_keys/api_keys.hpp"
#include "application/service_accounts/service_accounts.hpp"

namespace rampart::api {

// ServiceAccountJson is a service account as {id, name, description, clientId, roles,
// disabled, createdAt, updatedAt}.
boost::json::object ServiceAccountJson(const domain::ServiceAccount& account);
// ServiceAccountWithSecretJson is ServiceAccountJson plus `clientSecret`.
boost::json::object ServiceAccountWithSecretJson(const application::ServiceAccountWithSecret& made);
// ApiKeyJson is an API key as {id, name, prefix, ownerType, ownerId, permissions, expiresAt,
// createdAt, revokedAt, lastUsedAt, lastUsedIp, active} (active as of `now`): never the key or
// its hash.
boost::json::object ApiKeyJson(const domain::ApiKey& key, domain::TimePoint now);
// CreatedApiKeyJson is ApiKeyJson plus `key`, the only time the key is shown.
boost::json::object CreatedApiKeyJson(const application::CreatedApiKey& created,
                                      domain::TimePoint now);

}  // namespace rampart::api
