#include "application/dispatch/authorization.hpp"

#include <algorithm>

#include "application/cache/identity_cache.hpp"
#include "domain/second_factor.hpp"

namespace rampart::application {

namespace {

domain::Result<void> Forbidden() {
  return domain::Fail(
      domain::Error::Forbidden("You do not have the permission this action requires."));
}

// Through the identity cache when there is one (invalidated by every role or grant change).
std::vector<std::string> PermissionsOf(UseCaseContext& context, const std::string& user_id) {
  auto& services = context.services;
  if (services.identity_cache)
    return services.identity_cache->Permissions(services.database, user_id);
  if (context.HasUow()) return context.Uow().Users().PermissionsOf(user_id);
  auto snapshot = context.services.database.Begin(TransactionMode::kRead);
  return snapshot->Users().PermissionsOf(user_id);
}

// The optional policy mfa.required_for: a permission in it is usable only by a session signed
// in with a second factor (`amr` of the caller's token holds "otp").
bool SecondFactorPolicyAllows(std::string_view permission, const UseCaseContext& context) {
  const auto& required = context.services.settings.mfa.required_for;
  if (!std::binary_search(required.begin(), required.end(), permission, std::less<>{})) {
    return true;
  }
  const AccessClaims* claims = context.caller.principal;
  return claims != nullptr && std::ranges::find(claims->amr, domain::kAmrOneTimeCode) !=
                                  claims->amr.end();
}

}  // namespace

domain::Result<void> Authorize(Requirement requirement, UseCaseContext& context,
                               AccessTokenCheck& access_check) {
  using Kind = Requirement::Kind;
  const Caller& caller = context.caller;
  if (requirement.kind == Kind::kPublic) {
    if (caller.actor) context.SetActor(caller.actor);
    return {};
  }
  if (requirement.kind == Kind::kSystem)
    return caller.system ? domain::Result<void>{} : Forbidden();
  if (caller.system && requirement.kind == Kind::kPermission) return {};

  const bool need_permissions = requirement.kind == Kind::kPermission;
  if (caller.actor && (!need_permissions || caller.actor->permissions_loaded)) {
    context.SetActor(caller.actor);
  } else {
    if (!caller.principal) {
      return domain::Fail(domain::Error::Unauthorized("An access token is required."));
    }
    const AccessClaims& claims = *caller.principal;
    if (auto honoured = access_check.Check(claims); !honoured) return honoured;
    Actor actor{.user_id = claims.subject,
                .session_id = claims.session_id,
                .token_version = claims.token_version};
    if (need_permissions) {
      actor.permissions = PermissionsOf(context, actor.user_id);
      actor.permissions_loaded = true;
    }
    context.KeepActor(std::move(actor));
  }
  if (need_permissions && !context.Me().Has(requirement.permission)) return Forbidden();
  if (need_permissions && !SecondFactorPolicyAllows(requirement.permission, context)) {
    return domain::Fail(domain::Error::Forbidden(
        "This permission needs a sign-in with a second factor: turn two-factor sign-in on "
        "(POST /api/v1/users/me/mfa/totp) and sign in again."));
  }
  return {};
}

}  // namespace rampart::application
