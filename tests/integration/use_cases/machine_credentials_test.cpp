// Service accounts, the client credentials grant and API keys through the Dispatcher on the real
// adapters with the identity cache on: every revocation (a disabled account, a rotated secret, a
// revoked key, a lost role) must reach the next request through the cache invalidation.
#include <gtest/gtest.h>

#include "application/api_keys/api_key_authenticator.hpp"
#include "application/api_keys/api_keys.hpp"
#include "application/audit/list_audit_events.hpp"
#include "application/auth/client_credentials.hpp"
#include "application/service_accounts/service_accounts.hpp"
#include "application/users/get_me.hpp"
#include "application/users/list_users.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

class MachineCredentialsTest : public test_support::AdminUseCaseHarness {
 protected:
  // A role `exporter` (users.read, audit.read) and a service account holding it.
  ServiceAccountWithSecret Exporter() {
    EXPECT_TRUE(
        Send(CreateRoleCommand{.name = "exporter", .permissions = {"users.read", "audit.read"}},
             &admin_));
    auto created =
        Send(CreateServiceAccountCommand{.name = "exporter-bot", .roles = {"exporter"}}, &admin_);
    EXPECT_TRUE(created) << created.error().detail;
    return *created;
  }
  domain::Result<ClientCredentialsToken> Grant(const ServiceAccountWithSecret& account,
                                               std::optional<std::string> scope = std::nullopt) {
    return Send(ClientCredentialsGrant{.client_id = account.account.client_id,
                                       .client_secret = account.client_secret,
                                       .scope = std::move(scope)});
  }
  AccessClaims Verified(const ClientCredentialsToken& token) {
    auto claims = tokens_->Verify(token.access_token);
    EXPECT_TRUE(claims);
    return *claims;
  }
  domain::Result<UserPage> ListUsers(const AccessClaims& claims) {
    return Send(ListUsersQuery{}, &claims);
  }
  // The claims a request presenting `text` carries after the authenticator verified it.
  AccessClaims KeyClaims(const std::string& text) {
    auto claims = Authenticator().Authenticate(text);
    EXPECT_TRUE(claims);
    return **claims;
  }
  // Over the invalidating factory, which exists once the harness is set up.
  ApiKeyAuthenticator& Authenticator() {
    if (!authenticator_)
      authenticator_ = std::make_unique<ApiKeyAuthenticator>(*factory_, random_, *services_clock_, 100);
    return *authenticator_;
  }

  std::unique_ptr<ApiKeyAuthenticator> authenticator_;
};

TEST_F(MachineCredentialsTest, ClientCredentialsTokenActsWithTheAccountsRoles) {
  const auto account = Exporter();
  EXPECT_TRUE(account.client_secret.starts_with("rpcs_"));
  EXPECT_TRUE(account.account.client_id.starts_with("rpsa_"));
  EXPECT_TRUE(account.account.secret_hash.empty());

  const auto token = Grant(account);
  ASSERT_TRUE(token) << token.error().detail;
  EXPECT_FALSE(token->scope.has_value());
  const auto claims = Verified(*token);
  EXPECT_EQ(claims.kind, domain::PrincipalKind::kServiceAccount);
  EXPECT_EQ(claims.subject, account.account.id);
  EXPECT_EQ(claims.client_id, account.account.client_id);
  EXPECT_TRUE(ListUsers(claims));
  // Self-service on a user account is for users.
  const auto me = Send(GetMeQuery{}, &claims);
  ASSERT_FALSE(me);
  EXPECT_EQ(me.error().code, domain::ErrorCode::kForbidden);
  EXPECT_EQ(Events(domain::audit::kClientCredentialsSucceeded).size(), 1U);
}

TEST_F(MachineCredentialsTest, WrongSecretUnknownClientAndDisabledAccountAreOneRefusal) {
  auto account = Exporter();
  const auto token = Grant(account);
  ASSERT_TRUE(token);
  const auto claims = Verified(*token);

  auto wrong = account;
  wrong.client_secret.back() = wrong.client_secret.back() == 'a' ? 'b' : 'a';
  auto unknown = account;
  unknown.account.client_id = "rpsa_00000000000000000000";
  for (const auto& attempt : {wrong, unknown}) {
    const auto refused = Grant(attempt);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnauthorized);
  }

  ASSERT_TRUE(
      Send(UpdateServiceAccountCommand{.id = account.account.id, .disabled = true}, &admin_));
  const auto disabled = Grant(account);
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().code, domain::ErrorCode::kUnauthorized);
  // The token issued before stops at once, through the cache.
  const auto after = ListUsers(claims);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_EQ(Events(domain::audit::kClientCredentialsFailed).size(), 3U);
}

TEST_F(MachineCredentialsTest, RotationRetiresTheOldSecretAndItsTokens) {
  const auto account = Exporter();
  const auto before = Verified(*Grant(account));
  ASSERT_TRUE(ListUsers(before));
  const auto rotated = Send(RotateServiceAccountSecretCommand{.id = account.account.id}, &admin_);
  ASSERT_TRUE(rotated) << rotated.error().detail;
  EXPECT_NE(rotated->client_secret, account.client_secret);
  EXPECT_FALSE(Grant(account));
  EXPECT_FALSE(ListUsers(before));
  const auto fresh = Grant(*rotated);
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(ListUsers(Verified(*fresh)));
}

TEST_F(MachineCredentialsTest, ScopeIsLimitedToTheAccountsPermissions) {
  const auto account = Exporter();
  const auto above = Grant(account, "users.read users.delete");
  ASSERT_FALSE(above);
  EXPECT_EQ(above.error().code, domain::ErrorCode::kValidation);
  EXPECT_FALSE(Grant(account, "users.read  audit.read"));  // malformed: two spaces

  const auto scoped = Grant(account, "audit.read");
  ASSERT_TRUE(scoped) << scoped.error().detail;
  const auto claims = Verified(*scoped);
  ASSERT_TRUE(claims.scope.has_value());
  // Limited to audit.read: the account's users.read is not in the token.
  const auto listed = ListUsers(claims);
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code, domain::ErrorCode::kForbidden);
}

TEST_F(MachineCredentialsTest, NobodyGivesAnAccountMoreThanTheyHold) {
  auto [role, holder] = HeldRole("account-maker", {"service_accounts.manage"});
  const auto created =
      Send(CreateServiceAccountCommand{.name = "too-strong", .roles = {"admin"}}, &holder);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, domain::ErrorCode::kForbidden);
  const auto account = Exporter();  // made by the administrator: users.read, audit.read
  const auto rotated = Send(RotateServiceAccountSecretCommand{.id = account.account.id}, &holder);
  ASSERT_FALSE(rotated);
  EXPECT_EQ(rotated.error().code, domain::ErrorCode::kForbidden);
}

TEST_F(MachineCredentialsTest, ApiKeyActsAsItsOwnerWithinItsPermissionsAndRevokesAtOnce) {
  auto [role, holder] = HeldRole("reader", {"users.read", "audit.read"});
  const auto created =
      Send(CreateApiKeyCommand{.name = "ci", .permissions = std::vector<std::string>{"users.read"}},
           &holder);
  ASSERT_TRUE(created) << created.error().detail;
  EXPECT_TRUE(created->text.starts_with("rp_"));
  const auto claims = KeyClaims(created->text);
  EXPECT_EQ(claims.subject, holder.subject);
  EXPECT_EQ(claims.api_key_id, created->key.id);
  EXPECT_TRUE(ListUsers(claims));
  const auto audit = Send(ListAuditEventsQuery{}, &claims);  // held by the owner, not the key
  ASSERT_FALSE(audit);
  EXPECT_EQ(audit.error().code, domain::ErrorCode::kForbidden);
  // A key cannot make keys: refused by the requirement, before the command is validated.
  for (const std::string name : {"child", ""}) {
    const auto child = Send(CreateApiKeyCommand{.name = name}, &claims);
    ASSERT_FALSE(child);
    EXPECT_EQ(child.error().code, domain::ErrorCode::kForbidden) << child.error().detail;
  }

  ASSERT_TRUE(Send(RevokeMyApiKeyCommand{.key_id = created->key.id}, &holder));
  const auto after = ListUsers(claims);  // the claims were remembered: the check refuses
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_FALSE(Authenticator().Authenticate(created->text));
  EXPECT_EQ(Actions(created->key.id), (std::vector<std::string>{domain::audit::kApiKeyRevoked,
                                                                domain::audit::kApiKeyCreated}));
}

TEST_F(MachineCredentialsTest, ApiKeyNeverExceedsItsOwnerNow) {
  auto [role, holder] = HeldRole("lister", {"users.read"});
  const auto beyond = Send(
      CreateApiKeyCommand{.name = "greedy", .permissions = std::vector<std::string>{"audit.read"}},
      &holder);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().code, domain::ErrorCode::kForbidden);

  const auto created = Send(CreateApiKeyCommand{.name = "all-of-mine"}, &holder);
  ASSERT_TRUE(created);
  const auto claims = KeyClaims(created->text);
  ASSERT_TRUE(ListUsers(claims));
  // The owner loses the role: the key loses it on the next request.
  ASSERT_TRUE(Send(SetUserRolesCommand{.user_id = holder.subject, .roles = {"user"}}, &admin_));
  const auto after = ListUsers(claims);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, domain::ErrorCode::kForbidden);
}

TEST_F(MachineCredentialsTest, ServiceAccountKeysStopWithTheAccount) {
  const auto account = Exporter();
  const auto token_claims = Verified(*Grant(account));
  const auto created = Send(CreateApiKeyCommand{.name = "robot key"}, &token_claims);
  ASSERT_TRUE(created) << created.error().detail;
  const auto claims = KeyClaims(created->text);
  EXPECT_EQ(claims.kind, domain::PrincipalKind::kServiceAccount);
  ASSERT_TRUE(ListUsers(claims));
  const auto listed =
      Send(ListServiceAccountApiKeysQuery{.account_id = account.account.id}, &admin_);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_TRUE((*listed)[0].secret_hash.empty());

  ASSERT_TRUE(
      Send(UpdateServiceAccountCommand{.id = account.account.id, .disabled = true}, &admin_));
  EXPECT_FALSE(ListUsers(claims));
  ASSERT_TRUE(
      Send(UpdateServiceAccountCommand{.id = account.account.id, .disabled = false}, &admin_));
  EXPECT_TRUE(ListUsers(claims));  // the key itself was never revoked
  ASSERT_TRUE(Send(DeleteServiceAccountCommand{.id = account.account.id}, &admin_));
  EXPECT_FALSE(ListUsers(claims));
}

TEST_F(MachineCredentialsTest, AdministratorRevokesAUsersKey) {
  auto [role, holder] = HeldRole("keyholder", {"users.read"});
  const auto created = Send(CreateApiKeyCommand{.name = "laptop"}, &holder);
  ASSERT_TRUE(created);
  const auto claims = KeyClaims(created->text);
  const auto listed = Send(ListUserApiKeysQuery{.user_id = holder.subject}, &admin_);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1U);
  // Another user cannot see or revoke it.
  const auto other = SignIn("bystander@example.com");
  EXPECT_FALSE(Send(ListUserApiKeysQuery{.user_id = holder.subject}, &other));
  const auto foreign = Send(RevokeMyApiKeyCommand{.key_id = created->key.id}, &other);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, domain::ErrorCode::kNotFound);

  ASSERT_TRUE(
      Send(RevokeUserApiKeyCommand{.user_id = holder.subject, .key_id = created->key.id}, &admin_));
  EXPECT_FALSE(ListUsers(claims));
}

}  // namespace
}  // namespace rampart::application
