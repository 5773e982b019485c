#include "api/endpoints/credential_json.hpp"

#include <boost/json.hpp>

#include "domain/credential_format.hpp"

namespace rampart::api {

namespace json = boost::json;

namespace {

json::array Names(const std::vector<std::string>& names) {
  json::array array;
  for (const auto& name : names) array.emplace_back(name);
  return array;
}

json::value OptionalTime(const std::optional<domain::TimePoint>& time) {
  if (!time) return nullptr;
  return json::value(domain::FormatRfc3339(*time));
}

}  // namespace

json::object ServiceAccountJson(const domain::ServiceAccount& account) {
  return {{"id", account.id},
          {"name", account.name},
          {"description", account.description},
          {"clientId", account.client_id},
          {"roles", Names(account.roles)},
          {"disabled", account.disabled},
          {"createdAt", domain::FormatRfc3339(account.created_at)},
          {"updatedAt", domain::FormatRfc3339(account.updated_at)}};
}

json::object ServiceAccountWithSecretJson(const application::ServiceAccountWithSecret& made) {
  auto body = ServiceAccountJson(made.account);
  body["clientSecret"] = made.client_secret;
  return body;
}

json::object ApiKeyJson(const domain::ApiKey& key, domain::TimePoint now) {
  json::value permissions = nullptr;
  if (key.permissions) permissions = Names(*key.permissions);
  json::value ip = nullptr;
  if (!key.last_used_ip.empty()) ip = json::value(key.last_used_ip);
  return {{"id", key.id},
          {"name", key.name},
          {"prefix", std::string(domain::kApiKeyPrefix) + key.public_id},
          {"ownerType", domain::ToString(key.owner_kind)},
          {"ownerId", key.owner_id},
          {"permissions", std::move(permissions)},
          {"expiresAt", OptionalTime(key.expires_at)},
          {"createdAt", domain::FormatRfc3339(key.created_at)},
          {"revokedAt", OptionalTime(key.revoked_at)},
          {"lastUsedAt", OptionalTime(key.last_used_at)},
          {"lastUsedIp", std::move(ip)},
          {"active", key.IsActive(now)}};
}

json::object CreatedApiKeyJson(const application::CreatedApiKey& created, domain::TimePoint now) {
  auto body = ApiKeyJson(created.key, now);
  body["key"] = created.text;
  return body;
}

}  // namespace rampart::api
