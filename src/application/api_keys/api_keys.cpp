#include "application/api_keys/api_keys.hpp"

#include <algorithm>

#include "application/auth/principal_access.hpp"
#include "application/common/audit.hpp"
#include "application/common/secrets.hpp"
#include "application/dispatch/no_escalation.hpp"
#include "application/roles/role_rules.hpp"
#include "application/service_accounts/service_accounts.hpp"
#include "application/users/get_user.hpp"
#include "domain/credential_format.hpp"
#include "domain/plain_text.hpp"
#include "domain/utf8.hpp"

namespace rampart::application {

namespace {

std::vector<domain::ApiKey> Cleared(std::vector<domain::ApiKey> keys) {
  for (auto& key : keys) key.secret_hash.clear();
  return keys;
}

// What the caller holds now: the actor's permissions (loaded by the pipeline for a permission
// requirement, else read here), limited to their credential's scope.
std::vector<std::string> HeldNow(UseCaseContext& context) {
  const Actor& me = context.Me();
  if (me.permissions_loaded) return me.permissions;
  return LimitToScope(CurrentPermissions(context.services.database, context.services.identity_cache,
                                         me.kind, me.user_id),
                      me.scope);
}

// Revokes `key_id` when it is a key of the owner; kNotFound otherwise.
domain::Result<bool> RevokeOwned(UseCaseContext& context, domain::PrincipalKind kind,
                                 std::string_view owner_id, std::string_view key_id) {
  auto& keys = context.Uow().ApiKeys();
  const auto key = keys.FindById(key_id);
  if (!key || key->owner_kind != kind || key->owner_id != owner_id) {
    return domain::Fail(domain::Error::NotFound("No API key with this id."));
  }
  if (!keys.Revoke(key->id, context.services.clock.Now())) return false;  // already revoked
  context.Audit(domain::audit::kApiKeyRevoked, "api_key", key->id,
                R"({"name":)" + JsonString(key->name) + R"(,"ownerType":")" +
                    std::string(domain::ToString(kind)) + R"(","ownerId":)" + JsonString(owner_id) +
                    "}");
  return true;
}

}  // namespace

void Validate(const CreateApiKeyCommand& command, Validation& validation) {
  std::string_view name = command.name;
  if (name.empty()) {
    validation.Add("name", "Name is required.");
  } else if (const auto fault = domain::CheckPlainText(name); fault != domain::TextFault::kNone) {
    validation.Add("name", "Name " + std::string(domain::Describe(fault)) + ".");
  } else if (*domain::Utf8Length(name) > kMaxApiKeyNameLength) {
    validation.Add("name", "Name must be at most 100 characters.");
  }
  if (command.permissions) ValidatePermissionNames(*command.permissions, validation);
}

domain::Result<CreatedApiKey> Handle(const CreateApiKeyCommand& command, UseCaseContext& context) {
  const Actor& me = context.Me();
  auto& services = context.services;
  const auto now = services.clock.Now();
  if (command.expires_at && *command.expires_at <= now) {
    return domain::Fail(
        domain::Error::Validation({{"expiresAt", "The expiry must be in the future."}}));
  }
  std::optional<std::vector<std::string>> permissions;
  if (command.permissions) {
    permissions = domain::NormalizePermissionNames(*command.permissions);
    if (auto allowed =
            RequireHeld(HeldNow(context), *permissions,
                        "You cannot give an API key a permission you do not hold.", true);
        !allowed) {
      return domain::Fail(allowed.error());
    }
  }
  auto& keys = context.Uow().ApiKeys();
  const auto existing = keys.ListByOwner(me.kind, me.user_id);
  const auto active = std::count_if(existing.begin(), existing.end(),
                                    [&](const domain::ApiKey& key) { return key.IsActive(now); });
  if (static_cast<std::size_t>(active) >= kMaxActiveApiKeysPerOwner) {
    return domain::Fail(
        domain::Error::Conflict("An account holds at most 50 active API keys; revoke one first."));
  }
  domain::ApiKey key{.id = services.random.NewUuid(),
                     .public_id = RandomBase62(services.random, domain::kApiKeyPublicIdLength),
                     .name = command.name,
                     .owner_kind = me.kind,
                     .owner_id = me.user_id,
                     .permissions = permissions,
                     .expires_at = command.expires_at,
                     .created_at = now};
  std::string text =
      domain::ApiKeyText(key.public_id, RandomBase62(services.random, domain::kApiKeySecretLength));
  key.secret_hash = services.random.HashToken(text);
  keys.Add(key);
  std::string details = R"({"name":)" + JsonString(key.name) + R"(,"ownerType":")" +
                        std::string(domain::ToString(key.owner_kind)) + R"(","publicId":)" +
                        JsonString(key.public_id) + R"(,"permissions":)" +
                        (permissions ? JsonStringArray(*permissions) : "null");
  if (key.expires_at)
    details += R"(,"expiresAt":")" + domain::FormatRfc3339(*key.expires_at) + "\"";
  context.Audit(domain::audit::kApiKeyCreated, "api_key", key.id, details + "}");
  key.secret_hash.clear();
  return CreatedApiKey{std::move(key), std::move(text)};
}

domain::Result<std::vector<domain::ApiKey>> Handle(const ListMyApiKeysQuery&,
                                                   UseCaseContext& context) {
  const Actor& me = context.Me();
  return Cleared(context.Uow().ApiKeys().ListByOwner(me.kind, me.user_id));
}

domain::Result<bool> Handle(const RevokeMyApiKeyCommand& command, UseCaseContext& context) {
  const Actor& me = context.Me();
  return RevokeOwned(context, me.kind, me.user_id, command.key_id);
}

domain::Result<std::vector<domain::ApiKey>> Handle(const ListUserApiKeysQuery& query,
                                                   UseCaseContext& context) {
  auto user = FindUserOrNotFound(context.Uow(), query.user_id);
  if (!user) return domain::Fail(user.error());
  return Cleared(context.Uow().ApiKeys().ListByOwner(domain::PrincipalKind::kUser, user->id));
}

domain::Result<bool> Handle(const RevokeUserApiKeyCommand& command, UseCaseContext& context) {
  auto user = FindManageableUser(context, command.user_id);
  if (!user) return domain::Fail(user.error());
  return RevokeOwned(context, domain::PrincipalKind::kUser, user->id, command.key_id);
}

domain::Result<std::vector<domain::ApiKey>> Handle(const ListServiceAccountApiKeysQuery& query,
                                                   UseCaseContext& context) {
  auto account = context.Uow().ServiceAccounts().FindById(query.account_id);
  if (!account) return domain::Fail(domain::Error::NotFound("No service account with this id."));
  return Cleared(
      context.Uow().ApiKeys().ListByOwner(domain::PrincipalKind::kServiceAccount, account->id));
}

domain::Result<bool> Handle(const RevokeServiceAccountApiKeyCommand& command,
                            UseCaseContext& context) {
  auto account = FindManageableServiceAccount(context, command.account_id);
  if (!account) return domain::Fail(account.error());
  return RevokeOwned(context, domain::PrincipalKind::kServiceAccount, account->id, command.key_id);
}

}  // namespace rampart::application
