#include "infrastructure/security/key_set.hpp"

#include <gtest/gtest.h>

namespace rampart::infrastructure {
namespace {

using namespace std::chrono_literals;

const domain::TimePoint kNow{std::chrono::seconds(1'800'000'000)};
constexpr std::chrono::seconds kGrace = 640s;

// Keys of the algorithm asked for, counted (so a test sees how many were made).
struct CountingGenerator {
  int made = 0;
  KeyGenerator Get() {
    return [this](SigningAlgorithm algorithm) {
      ++made;
      return std::make_shared<const SigningKey>(SigningKey::Generate(algorithm));
    };
  }
};

KeySet Initialised(CountingGenerator& keys, SigningAlgorithm algorithm = SigningAlgorithm::kEs256) {
  KeySet set;
  Initialise(set, kNow, algorithm, keys.Get());
  return set;
}

TEST(KeySet, InitialiseMakesAnActiveAndANextKey) {
  CountingGenerator keys;
  const KeySet set = Initialised(keys, SigningAlgorithm::kEdDsa);
  ASSERT_EQ(set.keys.size(), 2u);
  EXPECT_EQ(set.keys[0].state, KeyState::kActive);
  EXPECT_EQ(set.keys[0].activated_at, kNow);
  EXPECT_EQ(set.keys[1].state, KeyState::kNext);
  EXPECT_EQ(set.keys[1].key->Algorithm(), SigningAlgorithm::kEdDsa);
  EXPECT_NO_THROW(CheckConsistent(set));
  KeySet copy = set;
  EXPECT_THROW(Initialise(copy, kNow, SigningAlgorithm::kEs256, keys.Get()), KeyError);
}

TEST(KeySet, RotateActivatesThePublishedNextKeyAndPublishesANewOne) {
  CountingGenerator keys;
  KeySet set = Initialised(keys);
  const std::string first = set.keys[0].Kid();
  const std::string next = set.keys[1].Kid();

  const Rotation rotation = Rotate(set, kNow + 1h, kGrace, SigningAlgorithm::kEs256, keys.Get());
  EXPECT_EQ(rotation.retired_kid, first);
  EXPECT_EQ(rotation.activated_kid, next);
  EXPECT_TRUE(rotation.activated_was_published);
  EXPECT_EQ(keys.made, 3);
  EXPECT_EQ(set.Active()->Kid(), next);
  EXPECT_EQ(set.Active()->activated_at, kNow + 1h);
  EXPECT_EQ(set.Find(first)->state, KeyState::kRetired);
  EXPECT_EQ(set.Find(first)->retired_at, kNow + 1h);
  EXPECT_EQ(set.Find(rotation.next_kid)->state, KeyState::kNext);
  EXPECT_NO_THROW(CheckConsistent(set));
}

TEST(KeySet, RotatePrunesKeysWhoseGraceEnded) {
  CountingGenerator keys;
  KeySet set = Initialised(keys);
  const std::string first = set.keys[0].Kid();
  Rotate(set, kNow, kGrace, SigningAlgorithm::kEs256, keys.Get());
  // Still within the grace: kept through the second rotation.
  Rotate(set, kNow + kGrace - 1s, kGrace, SigningAlgorithm::kEs256, keys.Get());
  EXPECT_NE(set.Find(first), nullptr);
  Rotate(set, kNow + kGrace, kGrace, SigningAlgorithm::kEs256, keys.Get());
  EXPECT_EQ(set.Find(first), nullptr);
}

TEST(KeySet, RotateWithoutANextKeyActivatesAFreshOne) {
  CountingGenerator keys;
  KeySet set = Initialised(keys);
  set.keys.pop_back();  // a store written before next keys existed
  const Rotation rotation = Rotate(set, kNow, kGrace, SigningAlgorithm::kEs256, keys.Get());
  EXPECT_FALSE(rotation.activated_was_published);
  EXPECT_EQ(set.Active()->Kid(), rotation.activated_kid);
  EXPECT_EQ(set.Find(rotation.next_kid)->state, KeyState::kNext);
  KeySet empty;
  EXPECT_THROW(Rotate(empty, kNow, kGrace, SigningAlgorithm::kEs256, keys.Get()), KeyError);
}

TEST(KeySet, ChangingTheAlgorithmTakesEffectOneRotationLater) {
  CountingGenerator keys;
  KeySet set = Initialised(keys, SigningAlgorithm::kEs256);
  const Rotation first = Rotate(set, kNow, kGrace, SigningAlgorithm::kEdDsa, keys.Get());
  // The ES256 key published in advance signs now; the EdDSA key waits its turn in the JWKS.
  EXPECT_EQ(set.Active()->key->Algorithm(), SigningAlgorithm::kEs256);
  EXPECT_EQ(set.Find(first.next_kid)->key->Algorithm(), SigningAlgorithm::kEdDsa);
  Rotate(set, kNow + 1h, kGrace, SigningAlgorithm::kEdDsa, keys.Get());
  EXPECT_EQ(set.Active()->key->Algorithm(), SigningAlgorithm::kEdDsa);
}

TEST(KeySet, RetireRefusesTheActiveKeyAndUnknownKids) {
  CountingGenerator keys;
  KeySet set = Initialised(keys);
  try {
    Retire(set, set.keys[0].Kid(), true, kNow, kGrace, SigningAlgorithm::kEs256, keys.Get());
    FAIL() << "the active key must not be retired";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("rampart keys rotate"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Retire(set, "nope", true, kNow, kGrace, SigningAlgorithm::kEs256, keys.Get()),
               KeyError);
}

TEST(KeySet, RetiringTheNextKeyReplacesIt) {
  CountingGenerator keys;
  KeySet set = Initialised(keys);
  const std::string next = set.keys[1].Kid();
  Retire(set, next, false, kNow, kGrace, SigningAlgorithm::kEs256, keys.Get());
  EXPECT_EQ(set.Find(next), nullptr);
  ASSERT_EQ(set.keys.size(), 2u);
  EXPECT_EQ(set.keys[1].state, KeyState::kNext);
}

TEST(KeySet, ARetiredKeyIsDroppedEarlyOnlyWhenAskedTo) {
  CountingGenerator keys;
  KeySet set = Initialised(keys);
  const Rotation rotation = Rotate(set, kNow, kGrace, SigningAlgorithm::kEs256, keys.Get());
  try {
    Retire(set, rotation.retired_kid, false, kNow + 10s, kGrace, SigningAlgorithm::kEs256,
           keys.Get());
    FAIL() << "without --now a retired key leaves by itself";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find(domain::FormatRfc3339(kNow + kGrace)), std::string::npos)
        << e.what();
  }
  EXPECT_NE(set.Find(rotation.retired_kid), nullptr);
  Retire(set, rotation.retired_kid, true, kNow + 10s, kGrace, SigningAlgorithm::kEs256, keys.Get());
  EXPECT_EQ(set.Find(rotation.retired_kid), nullptr);
}

TEST(KeySet, PublishedUntilTheGraceEnds) {
  const KeyEntry retired{.key = std::make_shared<const SigningKey>(SigningKey::Generate()),
                         .state = KeyState::kRetired,
                         .retired_at = kNow};
  EXPECT_TRUE(IsPublished(retired, kNow + kGrace - 1s, kGrace));
  EXPECT_FALSE(IsPublished(retired, kNow + kGrace, kGrace));
  EXPECT_EQ(RetiredKeyGrace(600s, 30s, std::chrono::milliseconds(1500)), 632s);
}

TEST(KeySet, CheckConsistentWantsExactlyOneActiveKey) {
  CountingGenerator keys;
  KeySet set = Initialised(keys);
  set.keys[1].state = KeyState::kActive;
  EXPECT_THROW(CheckConsistent(set), KeyError);
  set.keys[1].state = KeyState::kRetired;  // without a retirement time
  EXPECT_THROW(CheckConsistent(set), KeyError);
  set.keys[1] = set.keys[0];
  EXPECT_THROW(CheckConsistent(set), KeyError);  // the same kid twice
  EXPECT_NO_THROW(CheckConsistent(KeySet{}));
}

}  // namespace
}  // namespace rampart::infrastructure
