#pragma once
// rampart:begin(iam)
// The authorisation behaviour: checks the use case's Requirement against the caller — a token
// that is still honoured, and the user's *current* permissions read from the database (or the
// actor the API's endpoint guard established for this request, handed over in Caller::actor).
// rampart:else
// // The authorisation behaviour: checks the use case's Requirement against the caller — a token
// // that is still honoured, and the permissions its issuer gave it (`perm`, within its `scope`).
// rampart:end
#include "application/dispatch/access_check.hpp"
#include "application/dispatch/use_case.hpp"

namespace rampart::application {

// Authorize establishes who the caller is for `requirement` and whether they may proceed, and sets
// rampart:begin(iam)
// the actor on `context`. Permissions are read inside the context's unit of work when it has one,
// or in a read snapshot of their own. kUnauthorized for a missing or revoked token, kForbidden for
// a missing permission, for a permission of MfaSettings::required_for in a session signed in
// without a second factor, or for a kSystem requirement from outside.
// rampart:else
// // the actor on `context`. kUnauthorized for a missing or refused token, kForbidden for a
// // missing permission or for a kSystem requirement from outside.
// rampart:end
domain::Result<void> Authorize(Requirement requirement, UseCaseContext& context,
                               AccessTokenCheck& access_check);

template <class Next>
auto AuthorizationBehaviour(Requirement requirement, UseCaseContext& context,
                            AccessTokenCheck& access_check, Next&& next) -> decltype(next()) {
  if (auto allowed = Authorize(requirement, context, access_check); !allowed) {
    return domain::Fail(allowed.error());
  }
  return next();
}

}  // namespace rampart::application
