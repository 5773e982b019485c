#include "infrastructure/security/key_manager.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "infrastructure/security/jwt_test_support.hpp"
#include "infrastructure/security/key_directory.hpp"
#include "infrastructure/security/key_file_store.hpp"
#include "infrastructure/security/test_support.hpp"

namespace rampart::infrastructure {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;

constexpr std::chrono::seconds kGrace = 640s;

KeyPolicy Policy(std::chrono::seconds rotation_interval = 0s, bool create_when_empty = true) {
  return {.grace = kGrace,
          .algorithm = SigningAlgorithm::kEs256,
          .rotation_interval = rotation_interval,
          .create_when_empty = create_when_empty};
}

TEST(KeyManager, StartCreatesTheFirstKeysOnlyWhenAllowed) {
  testing::TempDir tmp;
  FakeClock clock;
  KeyDirectory store(tmp.Path() / "keys");
  KeyManager production(store, Policy(0s, false), clock);
  try {
    production.Start();
    FAIL() << "an empty store must stop a production start";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("rampart keys rotate"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find((tmp.Path() / "keys").string()), std::string::npos);
  }
  KeyManager development(store, Policy(), clock);
  const auto ring = development.Start();
  EXPECT_EQ(ring->Keys().size(), 2u) << "an active key and a next key";
  // Once created, production starts on them.
  EXPECT_EQ(production.Start()->Active().Kid(), ring->Active().Kid());
}

// Two instances sharing a key directory: a rotation by one (the CLI, say) reaches the other at
// its next refresh; the old key stays published for its grace, then leaves.
TEST(KeyManager, AnotherInstancePicksUpARotationAndDropsTheOldKeyAfterItsGrace) {
  testing::TempDir tmp;
  FakeClock clock;
  KeyDirectory store_a(tmp.Path()), store_b(tmp.Path());
  KeyManager a(store_a, Policy(), clock), b(store_b, Policy(), clock);
  const auto first = a.Start();
  ASSERT_EQ(b.Start()->Active().Kid(), first->Active().Kid());
  const std::string next_kid = first->Keys()[1]->Kid();

  clock.now += 1h;
  const Rotation rotation = a.RotateNow();
  EXPECT_EQ(rotation.activated_kid, next_kid);

  const auto reload = b.Refresh();
  EXPECT_TRUE(reload.changed);
  EXPECT_TRUE(reload.removed.empty());
  EXPECT_EQ(reload.ring->Active().Kid(), next_kid);
  EXPECT_NE(reload.ring->Find(first->Active().Kid()), nullptr) << "still verifies its tokens";
  EXPECT_EQ(b.NextDeadline(), clock.now + kGrace);

  clock.now += kGrace - 1s;
  EXPECT_FALSE(b.Refresh().changed);
  clock.now += 1s;
  const auto later = b.Refresh();
  EXPECT_TRUE(later.changed);
  EXPECT_EQ(later.removed, std::vector<std::string>{first->Active().Kid()});
  EXPECT_EQ(later.ring->Find(first->Active().Kid()), nullptr);
}

TEST(KeyManager, TheScheduleRotatesOnceAmongInstancesSharingTheStore) {
  testing::TempDir tmp;
  FakeClock clock;
  KeyDirectory store_a(tmp.Path()), store_b(tmp.Path());
  KeyManager a(store_a, Policy(24h), clock), b(store_b, Policy(24h), clock);
  const auto first = a.Start();
  b.Start();
  EXPECT_EQ(a.NextDeadline(), clock.now + 24h);

  clock.now += 24h - 1s;
  EXPECT_FALSE(a.Refresh().rotation);
  clock.now += 1s;
  const auto rotated = a.Refresh();
  ASSERT_TRUE(rotated.rotation);
  EXPECT_EQ(rotated.rotation->retired_kid, first->Active().Kid());
  const auto other = b.Refresh();
  EXPECT_FALSE(other.rotation) << "the rotation was done; it must not happen twice";
  EXPECT_EQ(other.ring->Active().Kid(), rotated.ring->Active().Kid());
  EXPECT_EQ(other.ring->Kids(), rotated.ring->Kids());
}

TEST(KeyManager, RetireNowDropsARetiredKeyAtOnce) {
  testing::TempDir tmp;
  FakeClock clock;
  KeyDirectory store(tmp.Path());
  KeyManager manager(store, Policy(), clock);
  const auto first = manager.Start();
  manager.RotateNow();
  EXPECT_NE(manager.Refresh().ring->Find(first->Active().Kid()), nullptr);
  manager.RetireNow(first->Active().Kid(), /*immediately=*/true);
  const auto reload = manager.Refresh();
  EXPECT_EQ(reload.removed, std::vector<std::string>{first->Active().Kid()});
}

TEST(KeyManager, TheFirstRotateOfAnEmptyStoreCreatesItsKeys) {
  testing::TempDir tmp;
  FakeClock clock;
  KeyDirectory store(tmp.Path() / "keys");
  KeyManager manager(store, Policy(0s, false), clock);
  const Rotation rotation = manager.RotateNow();
  EXPECT_TRUE(rotation.retired_kid.empty());
  EXPECT_EQ(manager.Start()->Active().Kid(), rotation.activated_kid);
}

TEST(KeyManager, ASingleKeyFileSignsButDoesNotRotate) {
  testing::TempDir tmp;
  FakeClock clock;
  const SigningKey key = SigningKey::Generate(SigningAlgorithm::kEdDsa);
  std::ofstream(tmp.Path() / "operator.pem") << key.PrivateKeyPem();
  KeyFileStore store(tmp.Path() / "operator.pem");
  KeyManager manager(store, Policy(24h, false), clock);
  const auto ring = manager.Start();
  EXPECT_EQ(ring->Active().Kid(), key.Kid());
  EXPECT_EQ(ring->Keys().size(), 1u);
  EXPECT_THROW(manager.RotateNow(), KeyError);
  clock.now += 48h;
  EXPECT_FALSE(manager.Refresh().rotation) << "no schedule on a store that cannot rotate";
  EXPECT_THROW(KeyFileStore(tmp.Path() / "absent.pem").Load(), KeyError);
}

// The token service follows the ring it is given: tokens signed before a rotation keep
// verifying, new ones carry the new kid.
TEST(KeyManager, TokensSignedBeforeARotationKeepVerifying) {
  testing::TempDir tmp;
  FakeClock clock;
  SodiumSecureRandom random;
  KeyDirectory store(tmp.Path());
  KeyManager manager(store, Policy(), clock);
  JwtTokenService tokens(manager.Start(), testing::TestOptions(), clock, random);
  const std::string before = tokens.Issue({.subject = "u", .session_id = "s"}).token;
  manager.RotateNow();
  tokens.SetKeys(manager.Refresh().ring);
  const std::string after = tokens.Issue({.subject = "u", .session_id = "s"}).token;
  EXPECT_TRUE(tokens.Verify(before));
  EXPECT_TRUE(tokens.Verify(after));
  EXPECT_NE(before.substr(0, before.find('.')), after.substr(0, after.find('.')));
}

}  // namespace
}  // namespace rampart::infrastructure
