#pragma once
// Test-only: the token pair of a password login (LoginCommand), for the many tests of accounts
// without a second factor. A second-factor challenge comes back as an error.
#include <variant>

#include "application/auth/login.hpp"

namespace rampart::integration {

inline domain::Result<application::TokenPair> TokensOf(
    domain::Result<application::LoginResult> result) {
  if (!result) return domain::Fail(std::move(result.error()));
  if (auto* tokens = std::get_if<application::TokenPair>(&*result)) return std::move(*tokens);
  return domain::Fail(domain::Error::Unauthorized("a second factor is required"));
}

}  // namespace rampart::integration
