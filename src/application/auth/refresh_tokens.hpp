#pragma once
#include <string>

#include "application/common/token_pair.hpp"
#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"

namespace rampart::application {

// RefreshTokensCommand: POST /api/v1/auth/refresh — rotates the session's refresh token. Presenting
// a token that was already spent is treated as theft: the whole session is revoked (reuse
// detection).
struct RefreshTokensCommand {
  using Response = TokenPair;
  static constexpr std::string_view kName = "auth.refresh";
  static constexpr Requirement kRequires = Requirement::Public();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string refresh_token;
};

void Validate(const RefreshTokensCommand& command, Validation& validation);
domain::Result<TokenPair> Handle(const RefreshTokensCommand& command, UseCaseContext& context);

}  // namespace rampart::application
