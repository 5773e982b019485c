#pragma once
// GET /api/v1/users/me/mfa — the signed-in user's two-factor sign-in: on or off, since when,
// how many unused recovery codes are left. Never a secret.
#include <optional>

#include "application/dispatch/use_case.hpp"
#include "domain/time.hpp"

namespace rampart::application {

struct MfaStatus {
  bool totp_enabled = false;
  std::optional<domain::TimePoint> totp_enabled_at;
  bool enrolment_pending = false;  // a secret awaits its confirmation
  int recovery_codes_left = 0;
};

struct GetMfaStatusQuery {
  using Response = MfaStatus;
  static constexpr std::string_view kName = "mfa.status";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kRead;
};

domain::Result<MfaStatus> Handle(const GetMfaStatusQuery& query, UseCaseContext& context);

}  // namespace rampart::application
