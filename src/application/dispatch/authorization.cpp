#include "application/dispatch/authorization.hpp"

#include <algorithm>

// rampart:begin(iam)
#include "application/auth/principal_access.hpp"
#include "application/cache/identity_cache.hpp"
#include "domain/second_factor.hpp"
// rampart:end

namespace rampart::application {

namespace {

domain::Result<void> Forbidden() {
  return domain::Fail(
      domain::Error::Forbidden("You do not have the permission this action requires."));
}

// rampart:begin(iam)
// Through the identity cache when there is one (invalidated by every role or grant change),
// else inside the context's unit of work when it has one.
std::vector<std::string> PermissionsOf(UseCaseContext& context, const Actor& actor) {
  auto& services = context.services;
  if (!services.identity_cache && context.HasUow()) {
    auto& uow = context.Uow();
    return actor.kind == domain::PrincipalKind::kServiceAccount
               ? uow.ServiceAccounts().PermissionsOf(actor.user_id)
               : uow.Users().PermissionsOf(actor.user_id);
  }
  return CurrentPermissions(services.database, services.identity_cache, actor.kind, actor.user_id);
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
// rampart:end

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
                .token_version = claims.token_version,
                .kind = claims.kind,
                .api_key_id = claims.api_key_id,
                .scope = claims.scope};
    if (need_permissions) {
      // rampart:begin(iam)
      actor.permissions = LimitToScope(PermissionsOf(context, actor), actor.scope);
      // rampart:else
      // actor.permissions = IssuedPermissions(claims);
      // rampart:end
      actor.permissions_loaded = true;
    }
    context.KeepActor(std::move(actor));
  }
  if (requirement.kind == Kind::kAuthenticated && !requirement.service_accounts &&
      context.Me().kind == domain::PrincipalKind::kServiceAccount) {
    return domain::Fail(domain::Error::Forbidden(
        "This endpoint is for user accounts; a service account cannot call it."));
  }
  if (!requirement.api_keys && !context.Me().api_key_id.empty()) {
    return domain::Fail(domain::Error::Forbidden(
        "A request authenticated with an API key cannot do this; authenticate with an access "
        "token."));
  }
  if (need_permissions && !context.Me().Has(requirement.permission)) return Forbidden();
  // rampart:begin(iam)
  if (need_permissions && !SecondFactorPolicyAllows(requirement.permission, context)) {
    return domain::Fail(domain::Error::Forbidden(
        "This permission needs a sign-in with a second factor: turn two-factor sign-in on "
        "(POST /api/v1/users/me/mfa/totp) and sign in again."));
  }
  // rampart:end
  return {};
}

}  // namespace rampart::application
