// /api/v1/auth/*: sign-up, login, the refresh-token lifecycle, e-mail verification and
// password reset.
#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/identity_json.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

// LoginResponse is the token pair, or the challenge of the second step.
Response LoginResponse(const application::LoginResult& result) {
  if (const auto* tokens = std::get_if<application::TokenPair>(&result)) {
    return TokenPairOk(*tokens);
  }
  const auto& challenge = std::get<application::SecondFactorChallenge>(result);
  boost::json::array methods;
  for (const auto& method : challenge.methods) methods.emplace_back(method);
  return NoStore(JsonResponse(200, boost::json::object{{"mfaRequired", true},
                                                       {"challenge", challenge.challenge},
                                                       {"methods", std::move(methods)},
                                                       {"expiresIn", challenge.expires_in.count()}}));
}

Response UserCreated(const domain::User& user) {
  return Created(UserJson(user), "/api/v1/users/" + user.id);
}

}  // namespace

std::vector<Endpoint> AuthEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<RegisterUserCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/register",
      {.operation_id = "registerUser",
       .summary = "Register a new account",
       .description = "Self-service sign-up. The account gets the built-in `user` role.",
       .tag = "auth",
       .request_schema_ref = "RegisterRequest",
       .responses = {{201, "The new user.", "User"},
                     {400, "The body is not a JSON object.", ""},
                     {409, "The email is already registered.", ""},
                     {422, "Invalid email, password or display name.", ""}}},
      BindRegisterUser, UserCreated));
  endpoints.push_back(Map<LoginCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/login",
      {.operation_id = "login",
       .summary = "Log in with email and password",
       .description = "Opens a session and returns an access token and a refresh token. Any bad "
                      "credential answers the same 401; repeated failures lock the address out "
                      "(429), whether or not it has an account. For an account with two-factor "
                      "sign-in on, the answer is instead `{mfaRequired: true, challenge, methods, "
                      "expiresIn}`: complete it at `POST /api/v1/auth/login/mfa`.",
       .tag = "auth",
       .request_schema_ref = "LoginRequest",
       .responses = {{200, "A token pair, or the challenge of the second step.", "LoginResponse"},
                     {401, "Invalid email or password.", ""},
                     {422, "A field is missing.", ""},
                     {429, "Locked out by repeated failures (Retry-After).", ""}}},
      BindLogin, LoginResponse));
  endpoints.push_back(Map<RefreshTokensCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/refresh",
      {.operation_id = "refreshTokens",
       .summary = "Exchange a refresh token for a new token pair",
       .description = "The presented refresh token is spent. Presenting a spent token again "
                      "revokes the whole session (reuse detection).",
       .tag = "auth",
       .request_schema_ref = "RefreshRequest",
       .responses = {{200, "A new token pair.", "TokenPair"},
                     {401, "The refresh token is invalid, spent, expired or revoked.", ""},
                     {422, "The refresh token is missing.", ""}}},
      BindRefreshTokens, TokenPairOk));
  endpoints.push_back(Map<LogoutCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/logout",
      {.operation_id = "logout",
       .summary = "End the session of a refresh token",
       .description = "Revokes the session; its refresh token and access tokens stop working. "
                      "Answers 204 for unknown tokens too.",
       .tag = "auth",
       .request_schema_ref = "RefreshRequest",
       .responses = {{204, "Logged out.", ""}, {422, "The refresh token is missing.", ""}}},
      BindLogout, NoContent));
  endpoints.push_back(Map<VerifyEmailCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/verify-email",
      {.operation_id = "verifyEmail",
       .summary = "Verify the e-mail address with the token of the mailed link",
       .description = "Marks the address verified. The token is single use and expires "
                      "(`mail.verify_email_ttl`); a newer mail's token supersedes it.",
       .tag = "auth",
       .request_schema_ref = "VerifyEmailRequest",
       .responses = {{204, "The address is verified.", ""},
                     {400, "The body is not a JSON object.", ""},
                     {422, "The token is missing, unknown, used or expired.", ""}}},
      BindVerifyEmail, NoContent));
  endpoints.push_back(Map<ResendVerificationCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/verify-email/resend",
      {.operation_id = "resendVerification",
       .summary = "Mail a new verification link to the signed-in user",
       .description = "Supersedes earlier links. Answers 202 whether or not a mail is sent (none "
                      "when the address is verified already).",
       .tag = "auth",
       .responses = {{202, "Accepted.", ""}}},
      BindNothing, Accepted));
  endpoints.push_back(Map<ForgotPasswordCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/forgot-password",
      {.operation_id = "forgotPassword",
       .summary = "Mail a password-reset link",
       .description = "Answers 202 whether or not an account has the address (no enumeration). "
                      "The link's token is single use and expires (`mail.reset_password_ttl`).",
       .tag = "auth",
       .request_schema_ref = "ForgotPasswordRequest",
       .responses = {{202, "Accepted.", ""},
                     {400, "The body is not a JSON object.", ""},
                     {422, "The email is missing.", ""}}},
      BindForgotPassword, Accepted));
  endpoints.push_back(Map<ResetPasswordCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/reset-password",
      {.operation_id = "resetPassword",
       .summary = "Set a new password with the token of the mailed link",
       .description = "The password policy applies. Revokes every session, makes every access "
                      "token issued before stop working and clears the lockout.",
       .tag = "auth",
       .request_schema_ref = "ResetPasswordRequest",
       .responses = {{204, "The password is reset.", ""},
                     {400, "The body is not a JSON object.", ""},
                     {422, "Bad token (unknown, used, expired) or password policy.", ""}}},
      BindResetPassword, NoContent));
  return endpoints;
}

// Absent fields read as empty ones, so that the use case's validation names every bad field.
application::RegisterUserCommand BindRegisterUser(Input& in) {
  return {.email = in.Optional("email", "Email").value_or(""),
          .password = in.Optional("password", "Password").value_or(""),
          .display_name = in.Optional("displayName", "Display name").value_or("")};
}

application::LoginCommand BindLogin(Input& in) {
  return {.email = in.Required("email", "Email"), .password = in.Required("password", "Password")};
}

application::RefreshTokensCommand BindRefreshTokens(Input& in) {
  return {.refresh_token = in.Required("refreshToken", "Refresh token")};
}

application::LogoutCommand BindLogout(Input& in) {
  return {.refresh_token = in.Required("refreshToken", "Refresh token")};
}

application::VerifyEmailCommand BindVerifyEmail(Input& in) {
  return {.token = in.Required("token", "Token")};
}

application::ForgotPasswordCommand BindForgotPassword(Input& in) {
  return {.email = in.Required("email", "Email")};
}

application::ResetPasswordCommand BindResetPassword(Input& in) {
  return {.token = in.Optional("token", "Token").value_or(""),
          .new_password = in.Optional("newPassword", "New password").value_or("")};
}

}  // namespace rampart::api
