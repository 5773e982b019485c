#include "domain/email.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

TEST(Email, NormalisesToLowerCaseAndTrims) {
  auto email = Email::Parse("  Alice.Smith@Example.COM ");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->value(), "alice.smith@example.com");
  EXPECT_EQ(email->LocalPart(), "alice.smith");
}

TEST(Email, AcceptsLocalhostForTheDefaultAdministrator) {
  EXPECT_TRUE(Email::Parse("admin@localhost"));
}

TEST(Email, RejectsMalformedAddresses) {
  for (const char* bad : {"", "   ", "alice", "@example.com", "alice@", "a@b@example.com",
                          "alice@example", "alice@.example.com", "alice@example..com",
                          "alice @example.com", "alice@example.com.", "<a>@example.com",
                          "alice\n@example.com"}) {
    auto email = Email::Parse(bad);
    ASSERT_FALSE(email) << bad;
    EXPECT_EQ(email.error().code, ErrorCode::kValidation);
    ASSERT_EQ(email.error().fields.size(), 1u);
    EXPECT_EQ(email.error().fields[0].field, "email");
  }
}

TEST(Email, RejectsOverlongAddresses) {
  EXPECT_FALSE(Email::Parse(std::string(250, 'a') + "@example.com"));
}

}  // namespace
}  // namespace rampart::domain
