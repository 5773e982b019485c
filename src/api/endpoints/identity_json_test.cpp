#include "api/endpoints/identity_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace rampart::api {
namespace {

domain::User SampleUser() {
  domain::User user{.id = "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                    .email = *domain::Email::Parse("ada@example.com")};
  user.display_name = "Ada Lovelace";
  user.email_verified = true;
  user.roles = {"admin", "user"};
  user.created_at = domain::TimePoint{std::chrono::seconds(1795964184)};
  user.updated_at = domain::TimePoint{std::chrono::seconds(1795964185)};
  return user;
}

// UserJsonText is the hand-written twin of UserJson: the same members, in the same order, with
// the same values, whatever the text holds.
TEST(UserJsonText, WritesTheDocumentUserJsonBuilds) {
  std::vector<domain::User> users{SampleUser()};
  auto quoted = SampleUser();
  quoted.display_name = "Quote \" backslash \\ tab \t newline \n nul-free é ✓ 😀";
  quoted.roles = {};
  quoted.locked = true;
  quoted.email_verified = false;
  users.push_back(quoted);
  auto control = SampleUser();
  control.display_name = std::string("bell \x07 and \x1f end");
  control.roles = {"r\"1", "r\\2", "r3"};
  users.push_back(control);

  for (const auto& user : users) {
    const std::string text = UserJsonText(user);
    boost::system::error_code error;
    const auto parsed = boost::json::parse(text, error);
    ASSERT_FALSE(error) << text;
    EXPECT_EQ(parsed, boost::json::value(UserJson(user))) << text;
    // Member order too: clients see the same bytes for a plain name.
    if (user.display_name == "Ada Lovelace") {
      EXPECT_EQ(text, boost::json::serialize(UserJson(user)));
    }
  }
}

}  // namespace
}  // namespace rampart::api
