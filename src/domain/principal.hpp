#pragma once
// Who can hold roles and sign requests: a user (a person, with a password and an address) or a
// service account (a program, with client credentials: docs/security.md#service-accounts).
#include <string_view>

namespace rampart::domain {

enum class PrincipalKind { kUser, kServiceAccount };

// ToString returns "user" or "service_account": the audit trail's target type and the API's
// `ownerType`.
constexpr std::string_view ToString(PrincipalKind kind) {
  return kind == PrincipalKind::kServiceAccount ? "service_account" : "user";
}

}  // namespace rampart::domain
