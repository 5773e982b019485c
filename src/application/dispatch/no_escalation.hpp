#pragma once
// The no-escalation rule (docs/roles.md, "No escalation"): the second half of authorisation,
// which the use cases that grant permissions or change their holders apply to the data they
// read. Holding `roles.manage` or `users.write` is not enough on its own:
//  - nobody grants a permission they do not hold: to a role (POST /roles,
//    PUT /roles/{id}/permissions) or to a user through a role (PUT /users/{id}/roles,
//    POST /users with roles);
//  - nobody changes a user who holds a permission they lack (profile, lock, unlock, delete,
//    roles, sessions): else `users.write` could move an administrator's e-mail address to their
//    own mailbox and reset the password;
//  - nobody changes a role whose permissions they do not all hold (rename, description,
//    permissions, delete): that would change what more privileged holders can do.
// The actor's permissions are those the authorisation behaviour read for this request
// (authorization.hpp). System callers (CLI, start-up seeding) have no actor and pass. A refusal
// is kForbidden naming what is missing as far as the actor may read it: a user's permissions
// with `users.read` (GET /users/{id}/roles shows them), a role's with `roles.read`.
#include <string>
#include <string_view>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "domain/role.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// MissingPermissions returns the permissions of `needed` that `held` lacks (both sorted and
// distinct).
std::vector<std::string> MissingPermissions(const std::vector<std::string>& held,
                                            const std::vector<std::string>& needed);

// RequireHeld: kForbidden unless `held` includes every permission of `needed` (both sorted and
// distinct). The detail is `refusal`, followed by the missing permissions when `name_them`.
domain::Result<void> RequireHeld(const std::vector<std::string>& held,
                                 const std::vector<std::string>& needed, std::string_view refusal,
                                 bool name_them);

// RequireMayGrant: giving these permissions (sorted, distinct) to a role: the actor must hold each
// of them.
domain::Result<void> RequireMayGrant(const UseCaseContext& context,
                                     const std::vector<std::string>& permissions);
// RequireMayGrantRoles: giving these roles to a user (self included): the actor must hold every
// permission of each. The refusal names the roles (the actor named them) and, with `roles.read`,
// what they carry.
domain::Result<void> RequireMayGrantRoles(const UseCaseContext& context,
                                          const std::vector<domain::Role>& roles);
// RequireMayChangeUser: changing `target` (read in the context's unit of work): the actor must hold
// every permission the target holds now.
domain::Result<void> RequireMayChangeUser(UseCaseContext& context, const domain::User& target);
// RequireMayChangeRole: changing `role`: the actor must hold every permission it carries now.
domain::Result<void> RequireMayChangeRole(const UseCaseContext& context, const domain::Role& role);

}  // namespace rampart::application
