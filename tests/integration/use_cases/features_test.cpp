// Feature flags through the Dispatcher on the real adapters: the gate in front of the use cases
// a flag switches off, the `feature.changed` audit event of a reload, and GET /features' query.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "admin_use_case_harness.hpp"
#include "application/ports/outbox.hpp"
#include "application/auth/forgot_password.hpp"  // rampart:only(iam)
#include "application/auth/reset_password.hpp"  // rampart:only(iam)
#include "application/features/apply_feature_values.hpp"
#include "application/features/list_features.hpp"
#include "application/users/create_user.hpp"  // rampart:only(iam)

namespace rampart::application {
namespace {

using domain::Feature;

class Features : public test_support::AdminUseCaseHarness {
 protected:
  domain::Result<std::vector<FeatureChange>> Reload(Feature feature, bool value,
                                                    std::string source = "RAMPART_FEATURES_X") {
    return dispatcher_->Send(
        ApplyFeatureValuesCommand{
            .values = {{.feature = feature, .value = value, .source = std::move(source)}}},
        Caller::System("features.reload"));
  }
};

// rampart:begin(iam)
TEST_F(Features, AClosedRegistrationRefusesEveryoneWith403AndCreatesNothing) {
  ASSERT_TRUE(Reload(Feature::kRegistrationOpen, false));
  // Even an invalid body gets the 403: the gate runs before validation.
  for (const auto& email : {std::string("ada@example.com"), std::string("not an address")}) {
    auto refused = Send(RegisterUserCommand{
        .email = email, .password = test_support::kPassword, .display_name = "A"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kForbidden);
    EXPECT_EQ(refused.error().detail, domain::InfoOf(Feature::kRegistrationOpen).off_detail);
  }
  EXPECT_TRUE(Events(domain::audit::kUserCreated).size() == 1u) << "only the seeded administrator";
  // Administrators still create accounts.
  EXPECT_TRUE(Send(CreateUserCommand{.email = "bob@example.com",
                                     .password = test_support::kPassword,
                                     .display_name = "Bob",
                                     .roles = std::vector<std::string>{"user"}},
                   &admin_));
  ASSERT_TRUE(Reload(Feature::kRegistrationOpen, true));
  EXPECT_TRUE(Send(RegisterUserCommand{
      .email = "ada@example.com", .password = test_support::kPassword, .display_name = "Ada"}));
}

TEST_F(Features, PasswordResetOffRefusesForgotAndReset) {
  ASSERT_TRUE(Reload(Feature::kPasswordReset, false));
  for (const auto& result :
       {Send(ForgotPasswordCommand{.email = "admin@localhost"}),
        Send(ResetPasswordCommand{.token = "whatever", .new_password = test_support::kPassword})}) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, domain::ErrorCode::kForbidden);
    EXPECT_EQ(result.error().detail, domain::InfoOf(Feature::kPasswordReset).off_detail);
  }
  EXPECT_TRUE(Events(domain::audit::kPasswordResetRequested).empty());
  ASSERT_TRUE(Reload(Feature::kPasswordReset, true));
  EXPECT_TRUE(Send(ForgotPasswordCommand{.email = "admin@localhost"}));
}
// rampart:end

TEST_F(Features, AReloadRecordsEachChangedFlagOnce) {
  auto changes = Reload(Feature::kDocsUi, true, "config/rampart.toml:12");
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 1u);
  auto events = Events(domain::audit::kFeatureChanged);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].target_type, "feature");
  EXPECT_EQ(events[0].target_id, "docs.ui");
  EXPECT_EQ(events[0].actor_id, "");
  EXPECT_EQ(events[0].details_json,
            R"({"from":false,"to":true,"source":"config/rampart.toml:12"})");
  // The same value again (from elsewhere): no change, no event.
  ASSERT_TRUE(Reload(Feature::kDocsUi, true, "RAMPART_FEATURES_DOCS_UI"));
  EXPECT_EQ(Events(domain::audit::kFeatureChanged).size(), 1u);
  EXPECT_TRUE(features_.Enabled(Feature::kDocsUi));
}

TEST_F(Features, AChangedFlagIsACloudEventInTheEventsStream) {
  ASSERT_TRUE(Reload(Feature::kDocsUi, true, "aws-sm:prod/rampart/flags"));
  ASSERT_TRUE(Reload(Feature::kDocsUi, true, "config/rampart.toml:3"));  // no change
  const auto audit = Events(domain::audit::kFeatureChanged);
  ASSERT_EQ(audit.size(), 1u);
  std::vector<OutboxMessage> events;
  for (auto& message :
       factory_->Begin(TransactionMode::kRead)->Outbox().Pending(kEventsStream, 1000)) {
    if (message.type == "rampart.feature.changed") events.push_back(std::move(message));
  }
  ASSERT_EQ(events.size(), 1u) << "one event per change, none for the same value again";
  EXPECT_EQ(events[0].aggregate_id, "docs.ui") << "the message group is the flag";
  EXPECT_EQ(events[0].id, audit[0].id) << "the audit event's id deduplicates";
  const auto event = boost::json::parse(events[0].payload).as_object();
  EXPECT_EQ(event.at("specversion").as_string(), "1.0");
  EXPECT_EQ(event.at("type").as_string(), "rampart.feature.changed");
  EXPECT_EQ(event.at("subject").as_string(), "features/docs.ui");
  EXPECT_EQ(event.at("datacontenttype").as_string(), "application/json");
  EXPECT_EQ(event.size(), 8u) << events[0].payload;
  const auto& data = event.at("data").as_object();
  EXPECT_EQ(data.at("name").as_string(), "docs.ui");
  EXPECT_TRUE(data.at("actorId").is_null()) << "the process changed it";
  EXPECT_EQ(boost::json::serialize(data.at("details")),
            R"({"from":false,"to":true,"source":"aws-sm:prod/rampart/flags"})");
}

TEST_F(Features, OnlyTheProcessAppliesFlagValues) {
  auto refused = dispatcher_->Send(
      ApplyFeatureValuesCommand{
          .values = {{.feature = Feature::kDocsUi, .value = true}}},
      Caller{.request = context_, .principal = &admin_});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, domain::ErrorCode::kForbidden);
  EXPECT_FALSE(features_.Enabled(Feature::kDocsUi));
}

TEST_F(Features, ListingNeedsSystemReadAndShowsValuesAndSources) {
  EXPECT_EQ(Send(ListFeaturesQuery{}).error().code, domain::ErrorCode::kUnauthorized);
  const auto user = NewPrincipal("eve@example.com");
  EXPECT_EQ(Send(ListFeaturesQuery{}, &user).error().code, domain::ErrorCode::kForbidden);
  ASSERT_TRUE(Reload(Feature::kDocsUi, true, "config/rampart.staging.toml:40"));
  auto listed = Send(ListFeaturesQuery{}, &admin_);
  ASSERT_TRUE(listed) << listed.error().detail;
  ASSERT_EQ(listed->size(), domain::kFeatureCount);
  const FeatureView& docs = (*listed)[static_cast<std::size_t>(Feature::kDocsUi)];
  EXPECT_EQ(docs.name, "docs.ui");
  EXPECT_EQ(docs.type, "boolean");
  EXPECT_TRUE(docs.value);
  EXPECT_EQ(docs.source, "config/rampart.staging.toml:40");
  EXPECT_EQ(docs.description, domain::InfoOf(Feature::kDocsUi).description);
  EXPECT_EQ((*listed)[0].source, "default");  // rampart:only(iam)
}

}  // namespace
}  // namespace rampart::application
