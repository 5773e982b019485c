#pragma once
#include "application/dispatch/use_case.hpp"

namespace rampart::application {

// LogoutAllCommand: POST /api/v1/auth/logout-all — ends every session of the signed-in user and
// bumps the user's token version, so every access token issued before stops working at once,
// wherever it is.
struct LogoutAllCommand {
  using Response = void;
  static constexpr std::string_view kName = "auth.logout_all";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kWrite;
};

domain::Result<void> Handle(const LogoutAllCommand& command, UseCaseContext& context);

}  // namespace rampart::application
