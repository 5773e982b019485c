#pragma once
// Validation shared by every use case that creates a user (sign-up, admin create, bootstrap).
#include <string>
#include <string_view>

#include "application/common/services.hpp"
#include "application/ports/repositories.hpp"
#include "domain/email.hpp"
#include "domain/errors.hpp"

namespace rampart::application {

struct ValidNewUser {
  domain::Email email;
  std::string display_name;
};

// ValidateNewUser returns all field errors at once (email, `password_field`, displayName), not just
// the first; the address through ParseEmail, the password against the configured policy.
domain::Result<ValidNewUser> ValidateNewUser(const Services& services, std::string_view email, std::string_view password,
                                             std::string_view display_name,
                                             std::string_view password_field);

// KeepAnActiveAdministrator returns the last-administrator guard: refuses (409 conflict) a change
// that would take `target` out of the administrators who can sign in — deleting or locking them, or
// taking the built-in `admin` role away — when no other such administrator exists. Call it in the
// write unit of work that makes the change: the count serialises with concurrent guards (see
// UserRepository::CountActiveWithRoleForUpdate).
domain::Result<void> KeepAnActiveAdministrator(UserRepository& users, const domain::User& target);

// HoldsAdminRole returns true when `roles` (sorted or not) holds the built-in `admin` role.
bool HoldsAdminRole(const std::vector<std::string>& roles);

}  // namespace rampart::application
