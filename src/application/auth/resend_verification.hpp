#pragma once
#include "application/dispatch/use_case.hpp"

namespace rampart::application {

// ResendVerificationCommand: POST /api/v1/auth/verify-email/resend — the signed-in user asks for a
// new verification mail (the new link supersedes the earlier ones). Signed-in only, so it cannot be
// used to probe which addresses have accounts or to mail strangers. A verified address gets no
// mail; the answer is the same 202.
struct ResendVerificationCommand {
  using Response = void;
  static constexpr std::string_view kName = "auth.verify_email.resend";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kWrite;
};

domain::Result<void> Handle(const ResendVerificationCommand& command, UseCaseContext& context);

}  // namespace rampart::application
