#pragma once
#include <string>

#include "domain/time.hpp"

namespace rampart::domain {

// Fixed vocabulary of audit actions (dotted names, SPEC §3; docs/audit.md says who records
// each, with which actor, target and details).
namespace audit {
// rampart:begin(iam)
inline constexpr const char* kLoginSucceeded = "auth.login.succeeded";
inline constexpr const char* kLoginFailed = "auth.login.failed";
inline constexpr const char* kLockout = "auth.lockout";
inline constexpr const char* kRefreshReused = "auth.refresh.reused";
inline constexpr const char* kLogout = "auth.logout";
inline constexpr const char* kLogoutAll = "auth.logout_all";
inline constexpr const char* kSessionRevoked = "auth.session.revoked";
inline constexpr const char* kPasswordResetRequested = "auth.password_reset.requested";
inline constexpr const char* kEmailVerificationRequested = "auth.email_verification.requested";
// A new account, whether self-registered (details.via = "registration"), created by an
// administrator or seeded at first start.
inline constexpr const char* kUserCreated = "user.created";
inline constexpr const char* kUserUpdated = "user.updated";
inline constexpr const char* kUserDeleted = "user.deleted";
inline constexpr const char* kUserLocked = "user.locked";
inline constexpr const char* kUserUnlocked = "user.unlocked";
inline constexpr const char* kUserRolesChanged = "user.roles.changed";
// An administrator ended every session of a user (DELETE /users/{id}/sessions).
inline constexpr const char* kUserSessionsRevoked = "user.sessions.revoked";
inline constexpr const char* kPasswordChanged = "user.password.changed";
inline constexpr const char* kPasswordChangeFailed = "user.password.change_failed";
inline constexpr const char* kPasswordReset = "user.password.reset";
inline constexpr const char* kEmailVerified = "user.email.verified";
// Two-factor sign-in (docs/security.md, "Two-factor sign-in").
// The password was right and the account has a second factor: a challenge was issued.
inline constexpr const char* kLoginSecondFactorRequired = "auth.login.second_factor_required";
inline constexpr const char* kMfaEnrolmentStarted = "user.mfa.enrolment_started";
inline constexpr const char* kMfaEnabled = "user.mfa.enabled";
inline constexpr const char* kMfaDisabled = "user.mfa.disabled";
inline constexpr const char* kMfaChangeFailed = "user.mfa.change_failed";
inline constexpr const char* kRecoveryCodesRegenerated = "user.mfa.recovery_codes_regenerated";
// An administrator removed a user's second factor (DELETE /users/{id}/mfa).
inline constexpr const char* kMfaReset = "user.mfa.reset";
inline constexpr const char* kRoleCreated = "role.created";
inline constexpr const char* kRoleUpdated = "role.updated";
inline constexpr const char* kRoleDeleted = "role.deleted";
// rampart:end
// The example resource (docs/architecture.md): a principal's own notes; actor and owner are the
// same.
inline constexpr const char* kNoteCreated = "note.created";
inline constexpr const char* kNoteUpdated = "note.updated";
inline constexpr const char* kNoteDeleted = "note.deleted";
// The operator's queue commands (`rampart queue ...`; target: the queue, "mail" or "events").
inline constexpr const char* kQueueStatsViewed = "queue.stats.viewed";
inline constexpr const char* kQueueDeadLettersListed = "queue.dead_letters.listed";
inline constexpr const char* kQueueRedriven = "queue.redriven";
// A feature flag's value changed at a reload (docs/configuration.md#feature-flags).
inline constexpr const char* kFeatureChanged = "feature.changed";
// rampart:begin(iam)
// Service accounts (docs/security.md#service-accounts) and their client-credentials grants.
inline constexpr const char* kServiceAccountCreated = "service_account.created";
inline constexpr const char* kServiceAccountUpdated = "service_account.updated";
inline constexpr const char* kServiceAccountDisabled = "service_account.disabled";
inline constexpr const char* kServiceAccountEnabled = "service_account.enabled";
inline constexpr const char* kServiceAccountDeleted = "service_account.deleted";
inline constexpr const char* kServiceAccountSecretRotated = "service_account.secret.rotated";
inline constexpr const char* kClientCredentialsSucceeded = "auth.client_credentials.succeeded";
inline constexpr const char* kClientCredentialsFailed = "auth.client_credentials.failed";
// API keys (docs/security.md#api-keys).
inline constexpr const char* kApiKeyCreated = "api_key.created";
inline constexpr const char* kApiKeyRevoked = "api_key.revoked";
// rampart:end
}  // namespace audit

struct AuditEvent {
  std::string id;  // UUID
  TimePoint at{};
  std::string action;
  std::string actor_id;  // empty when anonymous
  std::string target_type;
  std::string target_id;
  std::string ip;
  std::string user_agent;
  std::string correlation_id;
  std::string details_json = "{}";  // a JSON object, never secrets
};

}  // namespace rampart::domain
