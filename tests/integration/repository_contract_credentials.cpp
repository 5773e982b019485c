// Contract: service accounts (with their roles) and API keys.
#include "integration/repository_contract.hpp"

#include "domain/api_key.hpp"
#include "domain/service_account.hpp"

namespace rampart::integration {

namespace {

domain::ServiceAccount MakeAccount(std::string id, std::string name) {
  return {.id = std::move(id),
          .name = name,
          .description = "Nightly export of " + name,
          .client_id = "rpsa_" + name,
          .secret_hash = std::string(64, 'a'),
          .disabled = false,
          .token_version = 1,
          .roles = {},
          .created_at = At(kT0),
          .updated_at = At(kT0)};
}

domain::ApiKey MakeKey(std::string id, std::string public_id, domain::PrincipalKind kind,
                       std::string owner_id, long long created_at) {
  return {.id = std::move(id),
          .public_id = std::move(public_id),
          .secret_hash = std::string(64, 'b'),
          .name = "ci key",
          .owner_kind = kind,
          .owner_id = std::move(owner_id),
          .permissions = std::nullopt,
          .expires_at = std::nullopt,
          .created_at = At(created_at)};
}

void ExpectSameKey(const domain::ApiKey& actual, const domain::ApiKey& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.public_id, expected.public_id);
  EXPECT_EQ(actual.secret_hash, expected.secret_hash);
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.owner_kind, expected.owner_kind);
  EXPECT_EQ(actual.owner_id, expected.owner_id);
  EXPECT_EQ(actual.permissions, expected.permissions);
  EXPECT_EQ(actual.expires_at, expected.expires_at);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.revoked_at, expected.revoked_at);
  EXPECT_EQ(actual.last_used_at, expected.last_used_at);
  EXPECT_EQ(actual.last_used_ip, expected.last_used_ip);
}

}  // namespace

TEST_P(RepositoryContract, ServiceAccountRoundTripsWithRolesAndPermissions) {
  AddRole("exporter", {"users.read", "audit.read"});
  AddRole("reader", {"users.read", "roles.read"});
  const auto account = MakeAccount(NewId(), "exporter-bot");
  {
    auto uow = Write();
    ASSERT_TRUE(uow->ServiceAccounts().Add(account));
    uow->ServiceAccounts().SetRoles(account.id, {"reader", "exporter"});
    uow->Commit();
  }
  auto uow = Read();
  for (const auto& found : {uow->ServiceAccounts().FindById(account.id),
                            uow->ServiceAccounts().FindByClientId(account.client_id)}) {
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->id, account.id);
    EXPECT_EQ(found->name, account.name);
    EXPECT_EQ(found->description, account.description);
    EXPECT_EQ(found->client_id, account.client_id);
    EXPECT_EQ(found->secret_hash, account.secret_hash);
    EXPECT_FALSE(found->disabled);
    EXPECT_EQ(found->token_version, 1);
    EXPECT_EQ(found->created_at, account.created_at);
    EXPECT_EQ(found->roles, (std::vector<std::string>{"exporter", "reader"}));
  }
  EXPECT_EQ(uow->ServiceAccounts().PermissionsOf(account.id),
            (std::vector<std::string>{"audit.read", "roles.read", "users.read"}));
  EXPECT_FALSE(uow->ServiceAccounts().FindById(NewId()).has_value());
  EXPECT_FALSE(uow->ServiceAccounts().FindByClientId("rpsa_nobody").has_value());
  // A user's permissions are not the account's, and the other way round.
  EXPECT_TRUE(uow->Users().PermissionsOf(account.id).empty());
}

TEST_P(RepositoryContract, ServiceAccountNamesAreUniqueAndUpdateWritesEveryField) {
  auto first = MakeAccount(NewId(), "first");
  const auto second = MakeAccount(NewId(), "second");
  {
    auto uow = Write();
    ASSERT_TRUE(uow->ServiceAccounts().Add(first));
    ASSERT_TRUE(uow->ServiceAccounts().Add(second));
    auto clash = MakeAccount(NewId(), "other");
    clash.name = "first";
    const auto added = uow->ServiceAccounts().Add(clash);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, domain::ErrorCode::kConflict);
    uow->Commit();
  }
  first.name = "first-renamed";
  first.description = "";
  first.secret_hash = std::string(64, 'c');
  first.disabled = true;
  first.token_version = 7;
  first.updated_at = At(kT0 + 60);
  {
    auto uow = Write();
    ASSERT_TRUE(uow->ServiceAccounts().Update(first));
    auto taken = *uow->ServiceAccounts().FindById(second.id);
    taken.name = "first-renamed";
    const auto updated = uow->ServiceAccounts().Update(taken);
    ASSERT_FALSE(updated);
    EXPECT_EQ(updated.error().code, domain::ErrorCode::kConflict);
    const auto missing = uow->ServiceAccounts().Update(MakeAccount(NewId(), "ghost"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, domain::ErrorCode::kNotFound);
    uow->Commit();
  }
  auto uow = Read();
  const auto found = uow->ServiceAccounts().FindById(first.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "first-renamed");
  EXPECT_EQ(found->description, "");
  EXPECT_EQ(found->secret_hash, std::string(64, 'c'));
  EXPECT_TRUE(found->disabled);
  EXPECT_EQ(found->token_version, 7);
  EXPECT_EQ(found->updated_at, At(kT0 + 60));
  const auto all = uow->ServiceAccounts().List();
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].name, "first-renamed");  // by name
  EXPECT_EQ(all[1].name, "second");
}

TEST_P(RepositoryContract, ApiKeysRoundTripAndListNewestFirstPerOwner) {
  const auto user = AddUser("keys@example.com");
  const auto account = MakeAccount(NewId(), "key-holder");
  auto scoped = MakeKey(NewId(), "pub000000001", domain::PrincipalKind::kUser, user.id, kT0);
  scoped.permissions = std::vector<std::string>{"audit.read", "users.read"};
  scoped.expires_at = At(kT0 + 86400);
  const auto newer =
      MakeKey(NewId(), "pub000000002", domain::PrincipalKind::kUser, user.id, kT0 + 10);
  const auto robot =
      MakeKey(NewId(), "pub000000003", domain::PrincipalKind::kServiceAccount, account.id, kT0 + 5);
  {
    auto uow = Write();
    ASSERT_TRUE(uow->ServiceAccounts().Add(account));
    for (const auto& key : {scoped, newer, robot}) uow->ApiKeys().Add(key);
    uow->Commit();
  }
  auto uow = Read();
  const auto by_id = uow->ApiKeys().FindById(scoped.id);
  ASSERT_TRUE(by_id.has_value());
  ExpectSameKey(*by_id, scoped);
  const auto by_public_id = uow->ApiKeys().FindByPublicId(robot.public_id);
  ASSERT_TRUE(by_public_id.has_value());
  ExpectSameKey(*by_public_id, robot);
  EXPECT_FALSE(uow->ApiKeys().FindByPublicId("pub000000009").has_value());
  EXPECT_FALSE(uow->ApiKeys().FindById(NewId()).has_value());

  const auto mine = uow->ApiKeys().ListByOwner(domain::PrincipalKind::kUser, user.id);
  ASSERT_EQ(mine.size(), 2U);
  EXPECT_EQ(mine[0].id, newer.id);
  EXPECT_EQ(mine[1].id, scoped.id);
  const auto robots =
      uow->ApiKeys().ListByOwner(domain::PrincipalKind::kServiceAccount, account.id);
  ASSERT_EQ(robots.size(), 1U);
  EXPECT_EQ(robots[0].id, robot.id);
  // The kind is part of the owner: a user id never lists an account's keys.
  EXPECT_TRUE(uow->ApiKeys().ListByOwner(domain::PrincipalKind::kServiceAccount, user.id).empty());
}

TEST_P(RepositoryContract, ApiKeyRevokesOnceAndRecordsOnlyNewerUses) {
  const auto user = AddUser("revoke-key@example.com");
  const auto key = MakeKey(NewId(), "pub00000000a", domain::PrincipalKind::kUser, user.id, kT0);
  {
    auto uow = Write();
    uow->ApiKeys().Add(key);
    uow->ApiKeys().RecordUses({{.key_id = key.id, .at = At(kT0 + 100), .ip = "203.0.113.1"},
                               {.key_id = NewId(), .at = At(kT0 + 100), .ip = "203.0.113.9"}});
    uow->Commit();
  }
  {
    auto uow = Write();
    // Older than the stored use: ignored.
    uow->ApiKeys().RecordUses({{.key_id = key.id, .at = At(kT0 + 50), .ip = "203.0.113.2"}});
    EXPECT_TRUE(uow->ApiKeys().Revoke(key.id, At(kT0 + 200)));
    EXPECT_FALSE(uow->ApiKeys().Revoke(key.id, At(kT0 + 300)));  // already revoked
    EXPECT_FALSE(uow->ApiKeys().Revoke(NewId(), At(kT0 + 300)));
    uow->Commit();
  }
  const auto found = Read()->ApiKeys().FindById(key.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->revoked_at, At(kT0 + 200));
  EXPECT_EQ(found->last_used_at, At(kT0 + 100));
  EXPECT_EQ(found->last_used_ip, "203.0.113.1");
  EXPECT_FALSE(found->IsActive(At(kT0 + 201)));
}

TEST_P(RepositoryContract, RemovingServiceAccountTakesItsRolesAndKeys) {
  AddRole("robots", {"users.read"});
  const auto account = MakeAccount(NewId(), "doomed");
  const auto key =
      MakeKey(NewId(), "pub00000000d", domain::PrincipalKind::kServiceAccount, account.id, kT0);
  {
    auto uow = Write();
    ASSERT_TRUE(uow->ServiceAccounts().Add(account));
    uow->ServiceAccounts().SetRoles(account.id, {"robots"});
    uow->ApiKeys().Add(key);
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_TRUE(uow->ServiceAccounts().Remove(account.id));
    EXPECT_FALSE(uow->ServiceAccounts().Remove(account.id));
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_FALSE(uow->ServiceAccounts().FindById(account.id).has_value());
  EXPECT_FALSE(uow->ApiKeys().FindById(key.id).has_value());
  EXPECT_TRUE(uow->ServiceAccounts().PermissionsOf(account.id).empty());
}

TEST_P(RepositoryContract, DeletingRoleTakesItFromServiceAccounts) {
  const auto role = AddRole("temporary", {"audit.read"});
  const auto account = MakeAccount(NewId(), "holder");
  {
    auto uow = Write();
    ASSERT_TRUE(uow->ServiceAccounts().Add(account));
    uow->ServiceAccounts().SetRoles(account.id, {"temporary"});
    uow->Commit();
  }
  {
    auto uow = Write();
    uow->Roles().Remove(role.id);
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_TRUE(uow->ServiceAccounts().FindById(account.id)->roles.empty());
  EXPECT_TRUE(uow->ServiceAccounts().PermissionsOf(account.id).empty());
}

}  // namespace rampart::integration
