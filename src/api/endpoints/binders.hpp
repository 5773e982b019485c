#pragma once
// The binders of the route tables (binding.hpp): for each endpoint that takes input, the
// function that reads its use case's command from the request. Declared here, defined in the
// area's file, so that binders_test.cpp checks each one without a server.
#include "api/endpoints/binding.hpp"
#include "application/audit/list_audit_events.hpp"
#include "application/notes/create_note.hpp"
#include "application/notes/delete_note.hpp"
#include "application/notes/note_queries.hpp"
#include "application/notes/update_note.hpp"
// rampart:begin(iam)
#include "application/api_keys/api_keys.hpp"
#include "application/auth/forgot_password.hpp"
#include "application/auth/login.hpp"
#include "application/auth/login_second_factor.hpp"
#include "application/auth/logout.hpp"
#include "application/auth/logout_all.hpp"
#include "application/auth/refresh_tokens.hpp"
#include "application/auth/register_user.hpp"
#include "application/auth/resend_verification.hpp"
#include "application/auth/reset_password.hpp"
#include "application/auth/verify_email.hpp"
#include "application/mfa/change_second_factor.hpp"
#include "application/mfa/enrol_totp.hpp"
#include "application/mfa/get_mfa_status.hpp"
#include "application/mfa/reset_user_mfa.hpp"
#include "application/roles/create_role.hpp"
#include "application/roles/delete_role.hpp"
#include "application/roles/role_queries.hpp"
#include "application/roles/set_role_permissions.hpp"
#include "application/roles/update_role.hpp"
#include "application/service_accounts/service_accounts.hpp"
#include "application/sessions/list_my_sessions.hpp"
#include "application/sessions/revoke_my_session.hpp"
#include "application/sessions/user_sessions.hpp"
#include "application/users/change_password.hpp"
#include "application/users/create_user.hpp"
#include "application/users/delete_user.hpp"
#include "application/users/get_user.hpp"
#include "application/users/list_users.hpp"
#include "application/users/lock_user.hpp"
#include "application/users/update_me.hpp"
#include "application/users/update_user.hpp"
#include "application/users/user_roles.hpp"
// rampart:end

namespace rampart::api {

// rampart:begin(iam)
// api_keys.cpp
application::CreateApiKeyCommand BindCreateApiKey(Input& in);
application::RevokeMyApiKeyCommand BindRevokeMyApiKey(Input& in);
application::ListUserApiKeysQuery BindListUserApiKeys(Input& in);
application::RevokeUserApiKeyCommand BindRevokeUserApiKey(Input& in);
application::ListServiceAccountApiKeysQuery BindListServiceAccountApiKeys(Input& in);
application::RevokeServiceAccountApiKeyCommand BindRevokeServiceAccountApiKey(Input& in);
// rampart:end

// audit.cpp
application::ListAuditEventsQuery BindListAuditEvents(Input& in);

// rampart:begin(iam)
// auth.cpp
application::RegisterUserCommand BindRegisterUser(Input& in);
application::LoginCommand BindLogin(Input& in);
application::RefreshTokensCommand BindRefreshTokens(Input& in);
application::LogoutCommand BindLogout(Input& in);
application::VerifyEmailCommand BindVerifyEmail(Input& in);
application::ForgotPasswordCommand BindForgotPassword(Input& in);
application::ResetPasswordCommand BindResetPassword(Input& in);

// me.cpp
application::UpdateMeCommand BindUpdateMe(Input& in);
application::ChangePasswordCommand BindChangePassword(Input& in);

// mfa.cpp
application::LoginSecondFactorCommand BindLoginSecondFactor(Input& in);
application::ConfirmTotpCommand BindConfirmTotp(Input& in);
application::DisableTotpCommand BindDisableTotp(Input& in);
application::RegenerateRecoveryCodesCommand BindRegenerateRecoveryCodes(Input& in);
application::ResetUserMfaCommand BindResetUserMfa(Input& in);
// rampart:end

// notes.cpp
application::ListNotesQuery BindListNotes(Input& in);
application::CreateNoteCommand BindCreateNote(Input& in);
application::GetNoteQuery BindGetNote(Input& in);
application::UpdateNoteCommand BindUpdateNote(Input& in);
application::DeleteNoteCommand BindDeleteNote(Input& in);

// rampart:begin(iam)
// roles.cpp
application::CreateRoleCommand BindCreateRole(Input& in);
application::GetRoleQuery BindGetRole(Input& in);
application::UpdateRoleCommand BindUpdateRole(Input& in);
application::DeleteRoleCommand BindDeleteRole(Input& in);
application::SetRolePermissionsCommand BindSetRolePermissions(Input& in);

// service_accounts.cpp
application::CreateServiceAccountCommand BindCreateServiceAccount(Input& in);
application::GetServiceAccountQuery BindGetServiceAccount(Input& in);
application::UpdateServiceAccountCommand BindUpdateServiceAccount(Input& in);
application::DeleteServiceAccountCommand BindDeleteServiceAccount(Input& in);
application::RotateServiceAccountSecretCommand BindRotateServiceAccountSecret(Input& in);

// sessions.cpp
application::ListUserSessionsQuery BindListUserSessions(Input& in);
application::RevokeUserSessionsCommand BindRevokeUserSessions(Input& in);
application::RevokeMySessionCommand BindRevokeMySession(Input& in);

// users.cpp
application::ListUsersQuery BindListUsers(Input& in);
application::CreateUserCommand BindCreateUser(Input& in);
application::GetUserQuery BindGetUser(Input& in);
application::UpdateUserCommand BindUpdateUser(Input& in);
application::DeleteUserCommand BindDeleteUser(Input& in);
application::LockUserCommand BindLockUser(Input& in);
application::UnlockUserCommand BindUnlockUser(Input& in);
application::GetUserRolesQuery BindGetUserRoles(Input& in);
application::SetUserRolesCommand BindSetUserRoles(Input& in);
// rampart:end

}  // namespace rampart::api
