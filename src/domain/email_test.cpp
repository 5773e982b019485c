#include "domain/email.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

// The stored form of `raw`, or why it was refused.
std::string Stored(std::string_view raw) {
  auto email = Email::Parse(raw);
  return email ? email->value() : "refused: " + email.error().fields.at(0).message;
}

TEST(Email, NormalisesToLowerCaseAndTrims) {
  auto email = Email::Parse("  Alice.Smith@Example.COM ");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->value(), "alice.smith@example.com");
  EXPECT_EQ(email->LocalPart(), "alice.smith");
}

TEST(Email, AcceptsLocalhostForTheDefaultAdministrator) {
  EXPECT_TRUE(Email::Parse("admin@localhost"));
}

// The domain is case-insensitive before it is compared with "localhost" (an upper-case
// LOCALHOST was refused, so ADMIN@LOCALHOST could not sign in).
TEST(Email, TheDomainIsCaseInsensitiveIncludingLocalhost) {
  EXPECT_EQ(Stored("ADMIN@LOCALHOST"), "admin@localhost");
  EXPECT_EQ(Stored("x@LocalHost"), "x@localhost");
  EXPECT_EQ(Stored("Ada@EXAMPLE.Org"), "ada@example.org");
}

TEST(Email, RejectsMalformedAddresses) {
  for (const char* bad : {"", "   ", "alice", "@example.com", "alice@", "a@b@example.com",
                          "alice@example", "alice@.example.com", "alice@example..com",
                          "alice @example.com", "alice@example.com.", "<a>@example.com",
                          "alice\n@example.com", "alice@exa_mple.com", "alice@-example.com",
                          "alice@example-.com"}) {
    auto email = Email::Parse(bad);
    ASSERT_FALSE(email) << bad;
    EXPECT_EQ(email.error().code, ErrorCode::kValidation);
    ASSERT_EQ(email.error().fields.size(), 1u);
    EXPECT_EQ(email.error().fields[0].field, "email");
  }
}

TEST(Email, RefusesADotAtEitherEndOrDoubledInTheLocalPart) {
  for (const char* bad : {".alice@example.com", "alice.@example.com", "al..ice@example.com"}) {
    auto email = Email::Parse(bad);
    ASSERT_FALSE(email) << bad;
    EXPECT_EQ(email.error().fields.at(0).message,
              "Email's local part must not start or end with a dot or have two dots in a row.");
  }
  EXPECT_TRUE(Email::Parse("a.l.i.c.e@example.com"));
}

TEST(Email, RejectsOverlongAddressesLocalPartsAndLabels) {
  EXPECT_FALSE(Email::Parse(std::string(250, 'a') + "@example.com"));
  EXPECT_FALSE(Email::Parse(std::string(65, 'a') + "@example.com"));
  EXPECT_TRUE(Email::Parse(std::string(64, 'a') + "@example.com"));
  EXPECT_FALSE(Email::Parse("a@" + std::string(64, 'b') + ".com"));
}

// Without the Unicode normalisation nothing non-ASCII gets in: an entry point that skipped it
// would refuse an internationalised address rather than store an unnormalised one.
TEST(Email, ParseRefusesNonAsciiAndParseNormalisedOnlyInTheLocalPart) {
  EXPECT_FALSE(Email::Parse("j\xC3\xB6rg@example.com"));
  EXPECT_FALSE(Email::Parse("a@ex\xC3\xA4mple.com"));
  EXPECT_EQ(Email::ParseNormalised("j\xC3\xB6rg@xn--exmple-cua.com")->value(),
            "j\xC3\xB6rg@xn--exmple-cua.com");
  EXPECT_FALSE(Email::ParseNormalised("j\xC3\xB6rg@ex\xC3\xA4mple.com"));
  EXPECT_FALSE(Email::ParseNormalised(".j\xC3\xB6rg@example.com"));
}

TEST(Email, FromStoredKeepsWhatWasWritten) {
  EXPECT_EQ(Email::FromStored(".legacy@Example.com").value(), ".legacy@Example.com");
}

}  // namespace
}  // namespace rampart::domain
