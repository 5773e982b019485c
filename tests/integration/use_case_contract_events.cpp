// Domain events through the use cases, on every database adapter (instantiated with the other
// UseCaseContract tests): a security-relevant change writes its CloudEvent to the outbox's
// `events` stream in the change's own transaction; a refused change or mere activity writes
// none; the event follows the CloudEvents 1.0 structured JSON schema and carries no secret.
#include <boost/json.hpp>

#include "application/auth/login.hpp"
#include "application/auth/register_user.hpp"
#include "application/users/change_password.hpp"
#include "integration/use_case_harness.hpp"

namespace rampart::integration {

namespace {

namespace json = boost::json;

std::vector<application::OutboxMessage> Events(application::UnitOfWorkFactory& database) {
  return database.Begin(application::TransactionMode::kRead)
      ->Outbox()
      .Pending(application::kEventsStream, 1000);
}

std::vector<application::OutboxMessage> EventsOfType(application::UnitOfWorkFactory& database,
                                                     std::string_view type) {
  std::vector<application::OutboxMessage> out;
  for (auto& event : Events(database)) {
    if (event.type == type) out.push_back(std::move(event));
  }
  return out;
}

// The CloudEvents 1.0 attributes every event must have, with the types the spec gives them.
void ExpectCloudEvent(const json::object& event, std::string_view type) {
  for (const char* name :
       {"specversion", "id", "source", "type", "subject", "time", "datacontenttype"}) {
    ASSERT_TRUE(event.contains(name)) << name;
    ASSERT_TRUE(event.at(name).is_string()) << name;
    EXPECT_FALSE(event.at(name).as_string().empty()) << name;
  }
  EXPECT_EQ(event.at("specversion").as_string(), "1.0");
  EXPECT_EQ(event.at("type").as_string(), type);
  EXPECT_EQ(event.at("datacontenttype").as_string(), "application/json");
  const std::string time(event.at("time").as_string());
  EXPECT_EQ(time.size(), 20u) << time;  // RFC 3339, UTC: 2026-01-02T03:04:05Z
  EXPECT_EQ(time.back(), 'Z') << time;
  ASSERT_TRUE(event.contains("data"));
  ASSERT_TRUE(event.at("data").is_object());
  EXPECT_EQ(event.size(), 8u) << "no extension attributes: " << json::serialize(event);
}

}  // namespace

TEST_P(UseCaseContract, ARegistrationPublishesOneUserRegisteredCloudEventWithoutSecrets) {
  Register("ada@example.com");
  const auto user = Stored("ada@example.com");
  const auto events = EventsOfType(*database_, "rampart.user.registered");
  ASSERT_EQ(events.size(), 1u);
  const auto& message = events[0];
  EXPECT_EQ(message.aggregate_id, user.id) << "the message group is the user";
  EXPECT_EQ(message.stream, application::kEventsStream);
  const auto event = json::parse(message.payload).as_object();
  ExpectCloudEvent(event, "rampart.user.registered");
  EXPECT_EQ(event.at("id").as_string(), message.id) << "the event id deduplicates";
  EXPECT_EQ(event.at("subject").as_string(), "users/" + user.id);
  const auto& data = event.at("data").as_object();
  EXPECT_EQ(data.at("userId").as_string(), user.id);
  EXPECT_EQ(data.at("correlationId").as_string(), "c-1");
  const auto& state = data.at("user").as_object();
  EXPECT_EQ(state.at("email").as_string(), "ada@example.com");
  EXPECT_EQ(state.at("displayName").as_string(), "Ada");
  EXPECT_EQ(state.at("emailVerified").as_bool(), false);
  for (const char* secret : {"password", "hash", "argon2", "token", kPassword}) {
    EXPECT_EQ(message.payload.find(secret), std::string::npos)
        << secret << " in " << message.payload;
  }
  EXPECT_EQ(message.payload.find(user.password_hash), std::string::npos);
  // The mail of the same registration is in the other stream.
  const auto mails = database_->Begin(application::TransactionMode::kRead)
                         ->Outbox()
                         .Pending(application::kMailStream, 100);
  EXPECT_EQ(mails.size(), 1u);
}

TEST_P(UseCaseContract, ARefusedChangeAndMereActivityPublishNoEvent) {
  Register("ada@example.com");
  const auto before = Events(*database_).size();
  auto again = Send(application::RegisterUserCommand{
      .email = "ada@example.com", .password = kPassword, .display_name = "Ada"});
  ASSERT_FALSE(again) << "the address is taken";
  ASSERT_TRUE(Login("ada@example.com"));
  ASSERT_FALSE(Login("ada@example.com", "wrong password entirely"));
  EXPECT_EQ(Events(*database_).size(), before) << "logins and refusals are not domain events";
}

TEST_P(UseCaseContract, APasswordChangePublishesItsEventWithTheActorAndNoPassword) {
  Register("ada@example.com");
  const auto tokens = Login("ada@example.com");
  ASSERT_TRUE(tokens);
  const auto claims = ClaimsOf(*tokens);
  ASSERT_TRUE(Send(application::ChangePasswordCommand{.current_password = kPassword,
                                                      .new_password = "a brand new passphrase"},
                   &claims));
  const auto events = EventsOfType(*database_, "rampart.user.password.changed");
  ASSERT_EQ(events.size(), 1u);
  const auto event = json::parse(events[0].payload).as_object();
  ExpectCloudEvent(event, "rampart.user.password.changed");
  const auto user = Stored("ada@example.com");
  EXPECT_EQ(event.at("data").at("actorId").as_string(), user.id);
  EXPECT_EQ(events[0].payload.find("brand new passphrase"), std::string::npos);
  EXPECT_EQ(events[0].payload.find(kPassword), std::string::npos);
}

}  // namespace rampart::integration
