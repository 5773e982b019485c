// The administration of service accounts through the Dispatcher on the real adapters (the database,
// the identity cache on): listing and reading without secrets, an update that records exactly the
// fields it changed (and nothing when it changed nothing), disabling and enabling, names unique,
// and unknown ids. machine_credentials_test.cpp has the credentials themselves.
#include <gtest/gtest.h>

#include "application/api_keys/api_keys.hpp"
#include "application/auth/client_credentials.hpp"
#include "application/service_accounts/service_accounts.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using domain::ErrorCode;

class ServiceAccountsAdmin : public test_support::AdminUseCaseHarness {
 protected:
  void SetUp() override {
    AdminUseCaseHarness::SetUp();
    if (HasFatalFailure()) return;
    for (const auto* name : {"exporter", "auditor"}) {
      ASSERT_TRUE(Send(CreateRoleCommand{.name = name, .permissions = {"users.read"}}, &admin_));
    }
  }
  ServiceAccountWithSecret Make(const std::string& name, std::vector<std::string> roles = {}) {
    auto created = Send(
        CreateServiceAccountCommand{
            .name = name, .description = "made by a test", .roles = std::move(roles)},
        &admin_);
    EXPECT_TRUE(created) << created.error().detail;
    return created ? *created : ServiceAccountWithSecret{};
  }
  template <class T>
  ErrorCode Refused(const domain::Result<T>& result) {
    EXPECT_FALSE(result);
    return result ? ErrorCode{} : result.error().code;
  }
};

TEST_F(ServiceAccountsAdmin, ListedByNameAndReadWithoutSecrets) {
  const auto zeta = Make("zeta-bot", {"exporter"});
  Make("alpha-bot");
  const auto listed = Send(ListServiceAccountsQuery{}, &admin_);
  ASSERT_TRUE(listed) << listed.error().detail;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "alpha-bot");
  EXPECT_EQ((*listed)[1].name, "zeta-bot");
  EXPECT_EQ((*listed)[1].roles, std::vector<std::string>{"exporter"});
  for (const auto& account : *listed) EXPECT_TRUE(account.secret_hash.empty());

  const auto read = Send(GetServiceAccountQuery{.id = zeta.account.id}, &admin_);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->client_id, zeta.account.client_id);
  EXPECT_EQ(read->description, "made by a test");
  EXPECT_TRUE(read->secret_hash.empty());
  EXPECT_EQ(Refused(Send(GetServiceAccountQuery{.id = "no-such-account"}, &admin_)),
            ErrorCode::kNotFound);
  // service_accounts.manage is needed to see them at all.
  const auto user = SignIn("eve@example.com");
  EXPECT_EQ(Refused(Send(ListServiceAccountsQuery{}, &user)), ErrorCode::kForbidden);
}

TEST_F(ServiceAccountsAdmin, AnUpdateRecordsTheFieldsItChangedAndNothingElse) {
  const auto bot = Make("report-bot", {"exporter"});
  const auto updated =
      Send(UpdateServiceAccountCommand{.id = bot.account.id,
                                       .name = "report-robot",
                                       .description = "the nightly report",
                                       .roles = std::vector<std::string>{"auditor", "exporter"}},
           &admin_);
  ASSERT_TRUE(updated) << updated.error().detail;
  EXPECT_EQ(updated->name, "report-robot");
  EXPECT_EQ(updated->description, "the nightly report");
  EXPECT_EQ(updated->roles, (std::vector<std::string>{"auditor", "exporter"}));
  EXPECT_TRUE(updated->secret_hash.empty());
  auto audit = Events(domain::audit::kServiceAccountUpdated);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].details_json,
            R"({"fields":["roles","name","description"],"rolesFrom":["exporter"],)"
            R"("rolesTo":["auditor","exporter"]})");

  // The same values again (roles in another order): nothing changes, nothing is recorded.
  ASSERT_TRUE(
      Send(UpdateServiceAccountCommand{.id = bot.account.id,
                                       .name = "report-robot",
                                       .description = "the nightly report",
                                       .roles = std::vector<std::string>{"exporter", "auditor"}},
           &admin_));
  EXPECT_EQ(Events(domain::audit::kServiceAccountUpdated).size(), 1u);
  // The secret still works: an update keeps the stored hash.
  EXPECT_TRUE(Send(ClientCredentialsGrant{.client_id = bot.account.client_id,
                                          .client_secret = bot.client_secret}));
}

TEST_F(ServiceAccountsAdmin, DisablingAndEnablingAreRecordedOnce) {
  const auto bot = Make("toggle-bot");
  for (int i = 0; i < 2; ++i) {
    const auto disabled =
        Send(UpdateServiceAccountCommand{.id = bot.account.id, .disabled = true}, &admin_);
    ASSERT_TRUE(disabled);
    EXPECT_TRUE(disabled->disabled);
  }
  EXPECT_FALSE(Send(ClientCredentialsGrant{.client_id = bot.account.client_id,
                                           .client_secret = bot.client_secret}));
  ASSERT_TRUE(Send(UpdateServiceAccountCommand{.id = bot.account.id, .disabled = false}, &admin_));
  EXPECT_TRUE(Send(ClientCredentialsGrant{.client_id = bot.account.client_id,
                                          .client_secret = bot.client_secret}));
  EXPECT_EQ(Actions(bot.account.id),
            (std::vector<std::string>{
                domain::audit::kClientCredentialsSucceeded, domain::audit::kServiceAccountEnabled,
                domain::audit::kClientCredentialsFailed, domain::audit::kServiceAccountDisabled,
                domain::audit::kServiceAccountCreated}));
}

TEST_F(ServiceAccountsAdmin, NamesAreUniqueAndValidated) {
  const auto bot = Make("unique-bot");
  const auto other = Make("other-bot");
  EXPECT_EQ(Refused(Send(CreateServiceAccountCommand{.name = "unique-bot"}, &admin_)),
            ErrorCode::kConflict);
  EXPECT_EQ(Refused(Send(UpdateServiceAccountCommand{.id = other.account.id, .name = "unique-bot"},
                         &admin_)),
            ErrorCode::kConflict);
  for (const auto& bad : {std::string(""), std::string("has\nnewline")}) {
    EXPECT_EQ(Refused(Send(CreateServiceAccountCommand{.name = bad}, &admin_)),
              ErrorCode::kValidation);
    EXPECT_EQ(
        Refused(Send(UpdateServiceAccountCommand{.id = bot.account.id, .name = bad}, &admin_)),
        ErrorCode::kValidation);
  }
  for (const auto& roles : {std::vector<std::string>{"nope"}, std::vector<std::string>{"a\nb"}}) {
    const auto refused =
        Send(UpdateServiceAccountCommand{.id = bot.account.id, .roles = roles}, &admin_);
    ASSERT_EQ(Refused(refused), ErrorCode::kValidation);
    EXPECT_EQ(refused.error().fields.at(0).field, "roles");
  }
  EXPECT_EQ(Send(GetServiceAccountQuery{.id = other.account.id}, &admin_)->name, "other-bot");
}

TEST_F(ServiceAccountsAdmin, UnknownIdsAreNotFound) {
  EXPECT_EQ(Refused(Send(UpdateServiceAccountCommand{.id = "nope", .disabled = true}, &admin_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(Refused(Send(DeleteServiceAccountCommand{.id = "nope"}, &admin_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(Refused(Send(RotateServiceAccountSecretCommand{.id = "nope"}, &admin_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(Refused(Send(ListServiceAccountApiKeysQuery{.account_id = "nope"}, &admin_)),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace rampart::application
