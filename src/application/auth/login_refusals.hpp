#pragma once
// The refusals of a login, shared by its password step (login.hpp) and its second step
// (login_second_factor.hpp): each is recorded (`auth.login.failed` with a reason) in a write
// unit of work of its own, committed although the command fails.
#include <chrono>
#include <string>
#include <string_view>

#include "application/auth/failed_logins.hpp"
#include "application/dispatch/use_case.hpp"

namespace rampart::application {

inline constexpr std::string_view kBadCredentials = "Invalid email or password.";

// RejectLogin records the failure and counts it against the account (`source`), which may lock it
// out: the one 401 `detail`, or 429 when this failure locked the account.
domain::Error RejectLogin(UseCaseContext& context, const std::string& user_id,
                          std::string_view reason, FailedPassword source,
                          std::string_view detail = kBadCredentials);

// RejectLockedOutLogin: refused while locked out, account or not (`user_id` empty): recorded, not
// counted.
domain::Error RejectLockedOutLogin(UseCaseContext& context, const std::string& user_id,
                                   std::chrono::seconds remaining);

// RejectLoginUncounted: recorded, not counted: a refusal that says nothing about a guess (an
// unknown or spent challenge, credentials changed since the password step). The one 401 `detail`.
domain::Error RejectLoginUncounted(UseCaseContext& context, const std::string& user_id,
                                   std::string_view reason, std::string_view detail);

// LoginFailureDetails returns the `{"reason":"..."}` details of `auth.login.failed`.
std::string LoginFailureDetails(std::string_view reason);

}  // namespace rampart::application
