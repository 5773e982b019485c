#pragma once
// POST /oauth/token with grant_type=client_credentials (RFC 6749 §4.4): a service account
// trades its client id and secret for an access token (RFC 9068: `client_id`, `sub` = the
// account's id, no `sid`, no refresh token). docs/security.md#service-accounts.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"

namespace rampart::application {

struct ClientCredentialsToken {
  std::string access_token;
  std::chrono::seconds expires_in{};
  // The permissions the token is limited to, when the client asked for a scope.
  std::optional<std::vector<std::string>> scope;
};

struct ClientCredentialsGrant {
  using Response = ClientCredentialsToken;
  static constexpr std::string_view kName = "auth.client_credentials";
  static constexpr Requirement kRequires = Requirement::Public();
  // Reads the account and records the outcome (a refusal too) in one write transaction; only a
  // SHA-256 is computed under it.
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string client_id;
  std::string client_secret;
  // The `scope` parameter: space-separated permission names, each held by the account now;
  // nullopt: every permission of the account (read per request, like a user's).
  std::optional<std::string> scope;
};

// Handle: kUnauthorized for an unknown client, a wrong secret or a disabled account (all one
// answer: `invalid_client`); kValidation on field `scope` for a scope beyond the account's
// permissions (`invalid_scope`). Every outcome is audited (auth.client_credentials.succeeded /
// .failed).
domain::Result<ClientCredentialsToken> Handle(const ClientCredentialsGrant& grant,
                                              UseCaseContext& context);

// ParseScope returns the names of a `scope` parameter (RFC 6749 §3.3: separated by spaces), sorted
// and distinct; nullopt when it is malformed (empty, a character outside %x21 / %x23-5B / %x5D-7E).
std::optional<std::vector<std::string>> ParseScope(std::string_view scope);

}  // namespace rampart::application
