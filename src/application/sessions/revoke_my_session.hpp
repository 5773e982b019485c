#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"

namespace rampart::application {

// RevokeMySessionCommand: DELETE /api/v1/users/me/sessions/{id} — ends one of the signed-in user's
// sessions (a lost phone, an old browser). Its refresh token and access tokens stop working at
// once. Ending the current session is allowed: it is a logout.
struct RevokeMySessionCommand {
  using Response = void;
  static constexpr std::string_view kName = "sessions.revoke_mine";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string session_id;
};

// Handle: kNotFound when the session does not exist, is not the caller's, or has already ended: the
// answer never confirms another user's session id.
domain::Result<void> Handle(const RevokeMySessionCommand& command, UseCaseContext& context);

}  // namespace rampart::application
