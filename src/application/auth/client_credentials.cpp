#include "application/auth/client_credentials.hpp"

#include <algorithm>

#include "application/common/audit.hpp"
#include "application/common/secrets.hpp"
#include "application/dispatch/no_escalation.hpp"

namespace rampart::application {

namespace {

constexpr const char* kInvalidClient = "Client authentication failed.";

// Records the refusal and commits it before answering: a failed grant must leave its trace.
domain::Result<ClientCredentialsToken> Refuse(UseCaseContext& context, std::string_view account_id,
                                              std::string_view reason, domain::Error error) {
  context.AuditAs("", domain::audit::kClientCredentialsFailed,
                  account_id.empty() ? "" : "service_account", account_id,
                  R"({"reason":")" + std::string(reason) + R"("})");
  context.Commit();
  return domain::Fail(std::move(error));
}

bool IsScopeTokenChar(char c) {
  return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

}  // namespace

std::optional<std::vector<std::string>> ParseScope(std::string_view scope) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= scope.size()) {
    const auto end = std::min(scope.find(' ', start), scope.size());
    const auto name = scope.substr(start, end - start);
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsScopeTokenChar)) {
      return std::nullopt;
    }
    names.emplace_back(name);
    start = end + 1;
  }
  std::ranges::sort(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

domain::Result<ClientCredentialsToken> Handle(const ClientCredentialsGrant& grant,
                                              UseCaseContext& context) {
  auto& services = context.services;
  auto& accounts = context.Uow().ServiceAccounts();
  // The presented secret is hashed whether or not the client exists: the answer takes as long.
  const std::string presented = services.random.HashToken(grant.client_secret);
  const auto account = accounts.FindByClientId(grant.client_id);
  if (!account) {
    return Refuse(context, "", "unknown_client", domain::Error::Unauthorized(kInvalidClient));
  }
  if (!SameSecret(presented, account->secret_hash)) {
    return Refuse(context, account->id, "bad_secret", domain::Error::Unauthorized(kInvalidClient));
  }
  if (account->disabled) {
    return Refuse(context, account->id, "disabled", domain::Error::Unauthorized(kInvalidClient));
  }
  const auto permissions = accounts.PermissionsOf(account->id);
  std::optional<std::vector<std::string>> scope;
  if (grant.scope) {
    scope = ParseScope(*grant.scope);
    if (!scope || !MissingPermissions(permissions, *scope).empty()) {
      return Refuse(context, account->id, "invalid_scope",
                    domain::Error::Validation(
                        {{"scope", "The scope must name permissions the service account holds."}},
                        "The requested scope is invalid or exceeds the account's permissions."));
    }
  }
  AccessClaims claims{.subject = account->id,
                      .token_version = account->token_version,
                      .roles = account->roles,
                      .permissions = scope ? *scope : permissions,
                      .kind = domain::PrincipalKind::kServiceAccount,
                      .client_id = account->client_id,
                      .scope = scope};
  auto issued = services.tokens.Issue(claims);
  context.AuditAs(account->id, domain::audit::kClientCredentialsSucceeded, "service_account",
                  account->id,
                  scope ? R"({"scope":)" + JsonStringArray(*scope) + "}" : std::string("{}"));
  return ClientCredentialsToken{std::move(issued.token), issued.expires_in, std::move(scope)};
}

}  // namespace rampart::application
