#include "domain/user.hpp"

#include <gtest/gtest.h>

#include "domain/permission.hpp"
#include "domain/session.hpp"

#include <set>

namespace rampart::domain {
namespace {

TEST(DisplayName, TrimsAndBoundsLength) {
  EXPECT_EQ(*ParseDisplayName("  Ada Lovelace "), "Ada Lovelace");
  EXPECT_FALSE(ParseDisplayName("   "));
  EXPECT_TRUE(ParseDisplayName(std::string(100, 'a')));
  EXPECT_FALSE(ParseDisplayName(std::string(101, 'a')));
  EXPECT_FALSE(ParseDisplayName("bad\x01name"));
  auto error = ParseDisplayName("");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().fields.at(0).field, "displayName");
}

TEST(DisplayName, RefusesWhatHidesOrReordersTextWithAMessagePerRule) {
  const auto message = [](std::string_view raw) {
    auto parsed = ParseDisplayName(raw);
    EXPECT_FALSE(parsed) << raw;
    return parsed ? std::string() : parsed.error().fields.at(0).message;
  };
  EXPECT_EQ(message("Ada\xC2\x9B"), "Display name must not contain control characters or line breaks.");
  EXPECT_EQ(message("\xE2\x80\xAE" "ecilA"),
            "Display name must not contain bidirectional control characters (U+202A to U+202E, "
            "U+2066 to U+2069, U+200E, U+200F, U+061C).");
  EXPECT_EQ(message("\xEF\xBB\xBF" "Ada"), "Display name must not contain a byte order mark (U+FEFF).");
  EXPECT_EQ(message(" \xE2\x80\x8B\xE2\x81\xA0 "),
            "Display name must contain a visible character, not only spaces or invisible "
            "characters.");
  EXPECT_EQ(*ParseDisplayName("Zo\xC3\xAB"), "Zo\xC3\xAB");
}

TEST(Session, IsActiveUntilRevokedOrExpired) {
  const TimePoint now{std::chrono::seconds(1'000'000)};
  Session session{.idle_expires_at = now + std::chrono::seconds(10),
                  .absolute_expires_at = now + std::chrono::seconds(20)};
  EXPECT_TRUE(session.IsActive(now));
  EXPECT_FALSE(session.IsActive(now + std::chrono::seconds(10)));
  session.idle_expires_at = now + std::chrono::seconds(100);
  EXPECT_FALSE(session.IsActive(now + std::chrono::seconds(20)));  // absolute bound wins
  session.revoked_at = now;
  EXPECT_FALSE(session.IsActive(now));
}

TEST(PermissionCatalogue, HasUniqueDottedNames) {
  std::set<std::string_view> seen;
  for (const auto& permission : PermissionCatalogue()) {
    EXPECT_NE(permission.name.find('.'), std::string_view::npos) << permission.name;
    EXPECT_TRUE(seen.insert(permission.name).second) << permission.name;
    EXPECT_TRUE(IsKnownPermission(permission.name));
  }
  EXPECT_FALSE(IsKnownPermission("users.fly"));
  EXPECT_TRUE(IsKnownPermission(permissions::kUsersRead));
}

TEST(Time, FormatsRfc3339Utc) {
  EXPECT_EQ(FormatRfc3339(TimePoint{std::chrono::seconds(0)}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(TimePoint{std::chrono::seconds(1795964184)}), "2026-11-29T14:56:24Z");
}

}  // namespace
}  // namespace rampart::domain
