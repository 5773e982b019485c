// /api/v1/auth/*: sign-up, login, the refresh-token lifecycle, e-mail verification and
// password reset.
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"
#include "application/auth/forgot_password.hpp"
#include "application/auth/login.hpp"
#include "application/auth/logout.hpp"
#include "application/auth/refresh_tokens.hpp"
#include "application/auth/register_user.hpp"
#include "application/auth/resend_verification.hpp"
#include "application/auth/reset_password.hpp"
#include "application/auth/verify_email.hpp"

namespace rampart::api {

namespace {

Response TokenResponse(const application::TokenPair& tokens) {
  auto response = JsonResponse(200, TokenPairJson(tokens));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response SecondFactorChallengeResponse(const application::SecondFactorChallenge& challenge) {
  boost::json::array methods;
  for (const auto& method : challenge.methods) methods.emplace_back(method);
  return JsonResponse(200, boost::json::object{{"mfaRequired", true},
                                               {"challenge", challenge.challenge},
                                               {"methods", std::move(methods)},
                                               {"expiresIn", challenge.expires_in.count()}});
}

// The body's `refreshToken`, or a problem response.
std::expected<std::string, Response> RefreshTokenOf(const Request& request) {
  auto body = ParseJsonObject(request);
  if (!body) return std::unexpected(body.error());
  FieldReader fields(*body);
  auto token = fields.Required("refreshToken", "Refresh token");
  if (!fields.Ok()) return std::unexpected(Problem(fields.Error(), request));
  return token;
}

}  // namespace

std::vector<Endpoint> AuthEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/register",
      .doc = {.operation_id = "registerUser",
              .summary = "Register a new account",
              .description = "Self-service sign-up. The account gets the built-in `user` role.",
              .tag = "auth",
              .request_schema_ref = "RegisterRequest",
              .responses = {{201, "The new user.", "User"},
                            {400, "The body is not a JSON object.", ""},
                            {409, "The email is already registered.", ""},
                            {422, "Invalid email, password or display name.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            // Absent fields validate as empty ones, so that one 422 names every bad field.
            application::RegisterUserCommand command{
                .email = fields.Optional("email", "Email").value_or(""),
                .password = fields.Optional("password", "Password").value_or(""),
                .display_name = fields.Optional("displayName", "Display name").value_or("")};
            if (!fields.Ok()) return Problem(fields.Error(), request);
            auto user = dispatcher.Send(command, CallerOf(request));
            if (!user) return Problem(user.error(), request);
            auto response = JsonResponse(201, UserJson(*user));
            response.SetHeader("Location", "/api/v1/users/" + user->id);
            return response;
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/login",
      .doc = {.operation_id = "login",
              .summary = "Log in with email and password",
              .description = "Opens a session and returns an access token and a refresh token. "
                             "Any bad credential answers the same 401; repeated failures lock "
                             "the address out (429), whether or not it has an account. For an "
                             "account with two-factor sign-in on, the answer is instead "
                             "`{mfaRequired: true, challenge, methods, expiresIn}`: complete it at "
                             "`POST /api/v1/auth/login/mfa`.",
              .tag = "auth",
              .request_schema_ref = "LoginRequest",
              .responses = {{200, "A token pair, or the challenge of the second step.",
                             "LoginResponse"},
                            {401, "Invalid email or password.", ""},
                            {422, "A field is missing.", ""},
                            {429, "Locked out by repeated failures (Retry-After).", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            application::LoginCommand command{.email = fields.Required("email", "Email"),
                                              .password = fields.Required("password", "Password")};
            if (!fields.Ok()) return Problem(fields.Error(), request);
            auto result = dispatcher.Send(command, CallerOf(request));
            if (!result) return Problem(result.error(), request);
            if (const auto* tokens = std::get_if<application::TokenPair>(&*result)) {
              return TokenResponse(*tokens);
            }
            return SecondFactorChallengeResponse(
                std::get<application::SecondFactorChallenge>(*result));
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/refresh",
      .doc = {.operation_id = "refreshTokens",
              .summary = "Exchange a refresh token for a new token pair",
              .description = "The presented refresh token is spent. Presenting a spent token "
                             "again revokes the whole session (reuse detection).",
              .tag = "auth",
              .request_schema_ref = "RefreshRequest",
              .responses = {{200, "A new token pair.", "TokenPair"},
                            {401, "The refresh token is invalid, spent, expired or revoked.", ""},
                            {422, "The refresh token is missing.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto token = RefreshTokenOf(request);
            if (!token) return token.error();
            auto tokens = dispatcher.Send(
                application::RefreshTokensCommand{.refresh_token = *token}, CallerOf(request));
            if (!tokens) return Problem(tokens.error(), request);
            return TokenResponse(*tokens);
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/logout",
      .doc = {.operation_id = "logout",
              .summary = "End the session of a refresh token",
              .description = "Revokes the session; its refresh token and access tokens stop "
                             "working. Answers 204 for unknown tokens too.",
              .tag = "auth",
              .request_schema_ref = "RefreshRequest",
              .responses = {{204, "Logged out.", ""}, {422, "The refresh token is missing.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto token = RefreshTokenOf(request);
            if (!token) return token.error();
            auto done = dispatcher.Send(application::LogoutCommand{.refresh_token = *token},
                                        CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response::NoContent();
          },
  });
  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/verify-email",
      .doc = {.operation_id = "verifyEmail",
              .summary = "Verify the e-mail address with the token of the mailed link",
              .description = "Marks the address verified. The token is single use and expires "
                             "(`mail.verify_email_ttl`); a newer mail's token supersedes it.",
              .tag = "auth",
              .request_schema_ref = "VerifyEmailRequest",
              .responses = {{204, "The address is verified.", ""},
                            {400, "The body is not a JSON object.", ""},
                            {422, "The token is missing, unknown, used or expired.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            application::VerifyEmailCommand command{.token = fields.Required("token", "Token")};
            if (!fields.Ok()) return Problem(fields.Error(), request);
            auto done = dispatcher.Send(command, CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response::NoContent();
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/verify-email/resend",
      .access = Access::kAuthenticated,
      .doc = {.operation_id = "resendVerification",
              .summary = "Mail a new verification link to the signed-in user",
              .description = "Supersedes earlier links. Answers 202 whether or not a mail is "
                             "sent (none when the address is verified already).",
              .tag = "auth",
              .responses = {{202, "Accepted.", ""},
                            {401, "Missing, invalid or revoked token.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto done =
                dispatcher.Send(application::ResendVerificationCommand{}, CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response{202, "", "", {}};
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/forgot-password",
      .doc = {.operation_id = "forgotPassword",
              .summary = "Mail a password-reset link",
              .description = "Answers 202 whether or not an account has the address (no "
                             "enumeration). The link's token is single use and expires "
                             "(`mail.reset_password_ttl`).",
              .tag = "auth",
              .request_schema_ref = "ForgotPasswordRequest",
              .responses = {{202, "Accepted.", ""},
                            {400, "The body is not a JSON object.", ""},
                            {422, "The email is missing.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            application::ForgotPasswordCommand command{.email = fields.Required("email", "Email")};
            if (!fields.Ok()) return Problem(fields.Error(), request);
            auto done = dispatcher.Send(command, CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response{202, "", "", {}};
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/reset-password",
      .doc = {.operation_id = "resetPassword",
              .summary = "Set a new password with the token of the mailed link",
              .description = "The password policy applies. Revokes every session, makes every "
                             "access token issued before stop working and clears the lockout.",
              .tag = "auth",
              .request_schema_ref = "ResetPasswordRequest",
              .responses = {{204, "The password is reset.", ""},
                            {400, "The body is not a JSON object.", ""},
                            {422, "Bad token (unknown, used, expired) or password policy.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            application::ResetPasswordCommand command{
                .token = fields.Optional("token", "Token").value_or(""),
                .new_password = fields.Optional("newPassword", "New password").value_or("")};
            if (!fields.Ok()) return Problem(fields.Error(), request);
            auto done = dispatcher.Send(command, CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response::NoContent();
          },
  });
  return endpoints;
}

}  // namespace rampart::api
