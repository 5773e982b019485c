#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "application/ports/clock.hpp"
#include "application/ports/email_normaliser.hpp"  // rampart:only(iam)
#include "application/ports/password_hasher.hpp"  // rampart:only(iam)
#include "application/ports/secure_random.hpp"
#include "application/ports/token_service.hpp"  // rampart:only(iam)
#include "application/ports/unit_of_work.hpp"
#include "domain/lockout_policy.hpp"  // rampart:only(iam)
#include "domain/password_policy.hpp"  // rampart:only(iam)

namespace rampart::application {

class FeatureFlags;
// rampart:begin(iam)
class IdentityCache;
class PasswordStrengthEstimator;
struct SecondFactorPorts;

// MailSettings: the mails of the verification and reset flows (from configuration).
struct MailSettings {
  // Links in mails: <public_base_url>/verify-email?token=... and /reset-password?token=...
  std::string public_base_url = "http://127.0.0.1:8080";
  std::chrono::seconds verify_email_ttl{std::chrono::hours(24)};
  std::chrono::seconds reset_password_ttl{std::chrono::minutes(30)};
};

// MfaSettings: two-factor sign-in (from configuration; docs/security.md, "Two-factor sign-in").
struct MfaSettings {
  bool enrolment_open = true;      // mfa.enabled
  std::string issuer = "rampart";  // this service's name in authenticator apps
  std::chrono::seconds challenge_ttl{std::chrono::minutes(5)};
  // Permissions usable only in sessions signed in with a second factor (sorted, distinct).
  std::vector<std::string> required_for;
};

// rampart:end

// rampart:begin(iam)
// AuthSettings: lifetimes and policies the identity use cases follow (from configuration).
// rampart:else
// // AuthSettings: what the use cases read from the configuration.
// rampart:end
struct AuthSettings {
  // rampart:begin(iam)
  std::chrono::seconds refresh_idle_ttl{std::chrono::hours(24 * 14)};
  std::chrono::seconds session_max_lifetime{std::chrono::hours(24 * 90)};
  domain::PasswordPolicy password_policy;
  // The least strength estimate (0..4, ports/password_strength.hpp) a new password needs; 0
  // turns the estimate off (application/common/password_rules.hpp).
  int password_min_strength = 3;
  // Words no password of this service should be built on (its name), besides the account's own.
  std::vector<std::string> password_context_words = {"rampart"};
  domain::LockoutPolicy lockout;
  MailSettings mail;
  MfaSettings mfa;
  // rampart:end
  // The CloudEvents `source` of the domain events (events.source, else the issuer URL).
  std::string event_source = "urn:rampart";
};

// Services: the ports every use case handler may need, wired once by the composition root.
struct Services {
  UnitOfWorkFactory& database;
  PasswordHasher& hasher;  // rampart:only(iam)
  TokenService& tokens;  // rampart:only(iam)
  Clock& clock;
  SecureRandom& random;
  AuthSettings settings;
  // The feature flags' live values (application/features); null: every flag at its default.
  FeatureFlags* features = nullptr;
  // rampart:begin(iam)
  // Cache-aside for the hot identity reads; null runs every read against the database.
  IdentityCache* identity_cache = nullptr;
  // The Unicode rules for e-mail addresses; null accepts ASCII addresses only (the domain's
  // rules). Use it through ParseEmail (application/common/email_input.hpp), never directly.
  const EmailNormaliser* emails = nullptr;
  // The strength estimate of new passwords; null checks the domain's policy only. Use it through
  // CheckNewPassword (application/common/password_rules.hpp).
  const PasswordStrengthEstimator* password_strength = nullptr;
  // Two-factor sign-in (TOTP, the encryption of its secrets, QR codes); null when there is no
  // key for the secrets (mfa.enabled off and none configured): enrolment and second steps
  // answer 503 then.
  SecondFactorPorts* second_factor = nullptr;
  // rampart:end
};

}  // namespace rampart::application
