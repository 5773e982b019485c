#include "infrastructure/unicode/unicode_email_normaliser.hpp"

#include <gtest/gtest.h>

#include "domain/email.hpp"

namespace rampart::infrastructure {
namespace {

// What an entry point stores: the normaliser, then the domain's structural rules (as
// application::ParseEmail does).
domain::Result<domain::Email> Parse(std::string_view raw) {
  auto normalised = UnicodeEmailNormaliser().Normalise(raw);
  if (!normalised) return domain::Fail(normalised.error());
  return domain::Email::ParseNormalised(*normalised);
}

std::string Normal(std::string_view raw) {
  auto email = Parse(raw);
  EXPECT_TRUE(email) << raw << ": " << (email ? "" : email.error().fields.at(0).message);
  return email ? email->value() : std::string();
}

std::string Refusal(std::string_view raw) {
  auto email = Parse(raw);
  EXPECT_FALSE(email) << raw << " was accepted as " << (email ? email->value() : "");
  if (email) return {};
  EXPECT_EQ(email.error().fields.at(0).field, "email");
  return email.error().fields.at(0).message;
}

TEST(UnicodeEmailNormaliser, LowerCasesTheWholeAddressIncludingAnUpperCaseDomain) {
  EXPECT_EQ(Normal("ADMIN@LOCALHOST"), "admin@localhost");
  EXPECT_EQ(Normal("  Ada.Lovelace@Example.ORG\t"), "ada.lovelace@example.org");
  EXPECT_EQ(Normal("\xC3\x84NNE@EXAMPLE.COM"), "\xC3\xA4nne@example.com");  // ÄNNE → änne
}

TEST(UnicodeEmailNormaliser, NfcAndNfdSpellingsAreOneAddress) {
  const std::string nfc = "jos\xC3\xA9@example.com";   // é precomposed (U+00E9)
  const std::string nfd = "jose\xCC\x81@example.com";  // e + U+0301 combining acute
  EXPECT_EQ(Normal(nfd), nfc);
  EXPECT_EQ(Normal(nfc), nfc);
}

TEST(UnicodeEmailNormaliser, InternationalisedDomainsBecomeALabels) {
  EXPECT_EQ(Normal("ada@ex\xC3\xA4mple.com"), "ada@xn--exmple-cua.com");      // exämple.com
  EXPECT_EQ(Normal("ada@exa\xCC\x88mple.com"), "ada@xn--exmple-cua.com");     // NFD ä
  EXPECT_EQ(Normal("ada@EX\xC3\x84MPLE.COM"), "ada@xn--exmple-cua.com");      // EXÄMPLE.COM
  EXPECT_EQ(Normal("ada@xn--exmple-cua.com"), "ada@xn--exmple-cua.com");
  EXPECT_EQ(Normal("ada@XN--EXMPLE-CUA.COM"), "ada@xn--exmple-cua.com");
  EXPECT_EQ(Normal("ada@fa\xC3\x9F.de"), "ada@xn--fa-hia.de");  // IDNA2008 keeps ß
}

TEST(UnicodeEmailNormaliser, RefusesInvalidALabelsAndDisallowedDomainCharacters) {
  for (const char* bad : {"ada@xn--zz.com", "ada@xn--n3h.com" /* ☃ */,
                          "ada@\xE2\x98\x83.com" /* ☃ */, "ada@ex\xE2\x80\x8B" "ample.com",
                          "ada@example\xE3\x80\x82" "com" /* ideographic full stop */}) {
    EXPECT_FALSE(Refusal(bad).empty()) << bad;
  }
}

// Found by fuzz/email_fuzzer.cpp: libidn2 reads C strings, so a NUL in an internationalised
// domain cut it short ("ada@examp\0le.fr" with an é became "ada@examp") and a different address
// was accepted than the one sent.
TEST(UnicodeEmailNormaliser, RefusesANulInsteadOfCuttingTheDomainShort) {
  using namespace std::string_literals;
  for (const std::string& bad : {"jos\xC3\xA9@examp\0l\xC3\xA9.fr"s, "ada@\xC3\xA9xample.com\0.evil"s,
                                "ada\0@example.com"s}) {
    const auto normal = UnicodeEmailNormaliser().Normalise(bad);
    EXPECT_FALSE(normal) << "accepted as " << (normal ? *normal : "");
  }
}

TEST(UnicodeEmailNormaliser, TheKelvinSignIsTheLetterK) {
  // U+212A KELVIN SIGN has the canonical decomposition K: NFC folds it, so it cannot make a
  // second account that looks like the ASCII one.
  EXPECT_EQ(Normal("\xE2\x84\xAA" "elvin@example.com"), "kelvin@example.com");
  EXPECT_EQ(Normal("ada@\xE2\x84\xAA" "example.com"), "ada@kexample.com");
}

TEST(UnicodeEmailNormaliser, RefusesFullwidthLettersAndOtherCompatibilityCharacters) {
  const std::string message =
      "Email must not contain compatibility characters such as fullwidth letters, ligatures or "
      "superscripts.";
  EXPECT_EQ(Refusal("\xEF\xBD\x81\xEF\xBD\x84\xEF\xBD\x8D\xEF\xBD\x89\xEF\xBD\x8E@localhost"),
            message);                                                        // ａｄｍｉｎ
  EXPECT_EQ(Refusal("ada@\xEF\xBD\x85xample.com"), message);                 // ｅxample.com
  EXPECT_EQ(Refusal("\xEF\xAC\x81" "le@example.com"), message);              // ﬁ ligature
  EXPECT_EQ(Refusal("ada\xC2\xB2@example.com"), message);                    // superscript two
  EXPECT_EQ(Refusal("ada\xEF\xBC\xA0" "example.com"), message);              // fullwidth @
}

TEST(UnicodeEmailNormaliser, RefusesDotsAtTheEdgesOfTheLocalPart) {
  const std::string message =
      "Email's local part must not start or end with a dot or have two dots in a row.";
  EXPECT_EQ(Refusal(".ada@example.com"), message);
  EXPECT_EQ(Refusal("ada.@example.com"), message);
  EXPECT_EQ(Refusal("a..da@example.com"), message);
  EXPECT_EQ(Refusal(".j\xC3\xB6rg@ex\xC3\xA4mple.com"), message);
}

TEST(UnicodeEmailNormaliser, RefusesInvisibleSpaceAndControlCharactersInTheLocalPart) {
  for (const char* bad : {"a\xE2\x80\x8B" "da@example.com" /* ZWSP */,
                          "a\xE2\x80\xA8" "da@example.com" /* line separator */,
                          "a\xE2\x80\xAE" "da@example.com" /* RLO */,
                          "\xEF\xBB\xBF" "ada@example.com" /* BOM */,
                          "a\xC2\x85" "da@example.com" /* NEL */,
                          "a\xEE\x80\x80" "da@example.com" /* private use */}) {
    EXPECT_EQ(Refusal(bad),
              "Email contains characters that are not allowed (spaces, invisible or control "
              "characters).")
        << bad;
  }
  // A no-break space is also a compatibility character (NFKC makes it a space).
  EXPECT_FALSE(Refusal("a\xC2\xA0" "da@example.com").empty());
}

TEST(UnicodeEmailNormaliser, RefusesMixedScriptLocalPartsButNotCjkCombinations) {
  EXPECT_EQ(Refusal("\xD0\xB0" "dmin@example.com"),  // Cyrillic а + Latin dmin
            "Email's local part must not mix scripts, such as Latin and Cyrillic letters.");
  EXPECT_EQ(Normal("\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD.1@example.com"),  // иван.1
            "\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD.1@example.com");
  // tanaka.田中たなか: Latin + Han + Hiragana
  EXPECT_TRUE(Parse("tanaka.\xE7\x94\xB0\xE4\xB8\xAD\xE3\x81\x9F\xE3\x81\xAA\xE3\x81\x8B@example.jp"));
}

TEST(UnicodeEmailNormaliser, RefusesOverlongInputBeforeAnyUnicodeWork) {
  EXPECT_EQ(Refusal(std::string(100'000, 'a') + "@example.com"),
            "Email must be at most 254 characters.");
}

TEST(UnicodeEmailNormaliser, RefusesMalformedUtf8) {
  EXPECT_EQ(Refusal("ada\xC3@example.com"), "Email must be valid UTF-8.");
}

TEST(UnicodeEmailNormaliser, TheNormalFormIsAFixedPoint) {
  for (const char* raw : {"Jos\xC3\xA9@EX\xC3\x84MPLE.com", "ADMIN@LOCALHOST",
                          "\xE2\x84\xAA@example.com", "i\xCC\x87@example.com"}) {
    const auto once = Normal(raw);
    EXPECT_EQ(Normal(once), once) << raw;
  }
}

TEST(UnicodeEmailNormaliser, LeavesStructuralErrorsToTheDomain) {
  EXPECT_EQ(Refusal("no-at-sign"), "Email must contain exactly one '@' with a local part before it.");
  EXPECT_EQ(Refusal("a@b@example.com"),
            "Email must contain exactly one '@' with a local part before it.");
  EXPECT_EQ(Refusal("ada@example"), "Email must have a domain such as example.com.");
}

}  // namespace
}  // namespace rampart::infrastructure
