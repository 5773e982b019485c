// Two-factor sign-in: the second step of a login (/api/v1/auth/login/mfa), the signed-in user's
// own second factor (/api/v1/users/me/mfa*) and an administrator's reset (/api/v1/users/{id}/mfa).
#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/identity_json.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

Response RecoveryCodesResponse(const application::RecoveryCodes& codes) {
  boost::json::array items;
  for (const auto& code : codes.codes) items.emplace_back(code);
  return NoStore(JsonResponse(200, boost::json::object{{"recoveryCodes", std::move(items)}}));
}

Response StatusResponse(const application::MfaStatus& status) {
  boost::json::object body{{"totpEnabled", status.totp_enabled},
                           {"enrolmentPending", status.enrolment_pending},
                           {"recoveryCodesLeft", status.recovery_codes_left}};
  if (status.totp_enabled_at) {
    body["totpEnabledAt"] = domain::FormatRfc3339(*status.totp_enabled_at);
  }
  return JsonResponse(200, body);
}

Response EnrolmentResponse(const application::TotpEnrolmentStarted& started) {
  return NoStore(JsonResponse(200, boost::json::object{{"secret", started.secret},
                                                       {"otpauthUri", started.otpauth_uri},
                                                       {"qrSvg", started.qr_svg}}));
}

}  // namespace

std::vector<Endpoint> MfaEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  const OpenApiResponse k503{503, "Two-factor sign-in is not configured.", ""};
  const OpenApiResponse k429{429, "Locked out by repeated failures (Retry-After).", ""};
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<LoginSecondFactorCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/login/mfa",
      {.operation_id = "loginSecondFactor",
       .summary = "Complete a login with the second factor",
       .description = "After a login answered `mfaRequired`: the challenge with a current code "
                      "of the authenticator (±30 s; each code works once) or one of the recovery "
                      "codes (each works once) opens the session; its access tokens carry `amr` "
                      "[\"pwd\", \"otp\"]. A wrong code counts toward the lockout like a wrong "
                      "password and leaves the challenge usable until it expires.",
       .tag = "auth",
       .request_schema_ref = "LoginSecondFactorRequest",
       .responses = {{200, "A token pair.", "TokenPair"},
                     {400, "The body is not a JSON object.", ""},
                     {401, "Invalid, spent or expired challenge, or a wrong code.", ""},
                     {422, "A field is missing, or both or neither code given.", ""},
                     k429,
                     k503}},
      BindLoginSecondFactor, TokenPairOk));
  endpoints.push_back(Map<GetMfaStatusQuery>(
      dispatcher, Method::kGet, "/api/v1/users/me/mfa",
      {.operation_id = "getMfaStatus",
       .summary = "The signed-in user's two-factor sign-in",
       .description = "Whether it is on (and since when), whether an enrolment awaits its "
                      "confirmation, and how many unused recovery codes are left.",
       .tag = "mfa",
       .responses = {{200, "The status.", "MfaStatus"}}},
      BindNothing, StatusResponse));
  endpoints.push_back(Map<EnrolTotpCommand>(
      dispatcher, Method::kPost, "/api/v1/users/me/mfa/totp",
      {.operation_id = "enrolTotp",
       .summary = "Start enrolling a TOTP authenticator",
       .description = "A new secret (base32, 160 bits), its otpauth URI and the URI as a QR code "
                      "(SVG), shown once. Sign-in is unchanged until "
                      "`POST /api/v1/users/me/mfa/totp/confirm`; a new call replaces an "
                      "unconfirmed secret. Audited as `user.mfa.enrolment_started`.",
       .tag = "mfa",
       .responses = {{200, "The secret, its URI and QR code.", "TotpEnrolment"},
                     {409, "Two-factor sign-in is on already, or turned off here.", ""},
                     k503}},
      BindNothing, EnrolmentResponse));
  endpoints.push_back(Map<ConfirmTotpCommand>(
      dispatcher, Method::kPost, "/api/v1/users/me/mfa/totp/confirm",
      {.operation_id = "confirmTotp",
       .summary = "Confirm the TOTP authenticator: two-factor sign-in on",
       .description = "A current code of the new secret turns two-factor sign-in on and answers "
                      "ten recovery codes, shown once. Audited as `user.mfa.enabled`.",
       .tag = "mfa",
       .request_schema_ref = "TotpCodeRequest",
       .responses = {{200, "The recovery codes.", "RecoveryCodes"},
                     {409, "No enrolment to confirm, or it is on already.", ""},
                     {422, "The code is missing or wrong.", ""},
                     k503}},
      BindConfirmTotp, RecoveryCodesResponse));
  endpoints.push_back(Map<DisableTotpCommand>(
      dispatcher, Method::kDelete, "/api/v1/users/me/mfa/totp",
      {.operation_id = "disableTotp",
       .summary = "Turn two-factor sign-in off",
       .description = "Needs the password and a current code (or a recovery code). The secret "
                      "and the recovery codes are deleted. A wrong password or code counts "
                      "toward the lockout; the failure that locks the account ends every "
                      "session. Audited as `user.mfa.disabled`.",
       .tag = "mfa",
       .request_schema_ref = "DisableTotpRequest",
       .responses = {{204, "Two-factor sign-in is off.", ""},
                     {409, "Two-factor sign-in is off already.", ""},
                     {422, "A field is missing, or the password or code is wrong.", ""},
                     k429,
                     k503}},
      BindDisableTotp, NoContent));
  endpoints.push_back(Map<RegenerateRecoveryCodesCommand>(
      dispatcher, Method::kPost, "/api/v1/users/me/mfa/recovery-codes",
      {.operation_id = "regenerateRecoveryCodes",
       .summary = "New recovery codes",
       .description = "For a current code of the authenticator: ten new recovery codes, shown "
                      "once; every earlier one stops working. A wrong code counts toward the "
                      "lockout. Audited as `user.mfa.recovery_codes_regenerated`.",
       .tag = "mfa",
       .request_schema_ref = "TotpCodeRequest",
       .responses = {{200, "The new recovery codes.", "RecoveryCodes"},
                     {409, "Two-factor sign-in is off.", ""},
                     {422, "The code is missing or wrong.", ""},
                     k429,
                     k503}},
      BindRegenerateRecoveryCodes, RecoveryCodesResponse));
  endpoints.push_back(Map<ResetUserMfaCommand>(
      dispatcher, Method::kDelete, "/api/v1/users/{id}/mfa",
      {.operation_id = "resetUserMfa",
       .summary = "Reset a user's two-factor sign-in (administrators)",
       .description = "Deletes the user's TOTP secret and recovery codes and ends every session "
                      "of the user; they sign in with the password alone and may enrol again. "
                      "Audited as `user.mfa.reset`.",
       .tag = "mfa",
       .responses = {{204, "Reset; the user's sessions have ended.", ""},
                     {403,
                      "The token lacks `mfa.manage`, or the user holds a permission the caller "
                      "lacks.",
                      ""},
                     {404, "No live user with this id, or no second factor to reset.", ""}}},
      BindResetUserMfa, NoContent));
  return endpoints;
}

application::LoginSecondFactorCommand BindLoginSecondFactor(Input& in) {
  return {.challenge = in.Optional("challenge", "Challenge").value_or(""),
          .code = in.Optional("code", "Code"),
          .recovery_code = in.Optional("recoveryCode", "Recovery code")};
}

application::ConfirmTotpCommand BindConfirmTotp(Input& in) {
  return {.code = in.Optional("code", "Code").value_or("")};
}

application::DisableTotpCommand BindDisableTotp(Input& in) {
  return {.password = in.Optional("password", "Password").value_or(""),
          .code = in.Optional("code", "Code"),
          .recovery_code = in.Optional("recoveryCode", "Recovery code")};
}

application::RegenerateRecoveryCodesCommand BindRegenerateRecoveryCodes(Input& in) {
  return {.code = in.Optional("code", "Code").value_or("")};
}

application::ResetUserMfaCommand BindResetUserMfa(Input& in) { return {.user_id = in.Path("id")}; }

}  // namespace rampart::api
