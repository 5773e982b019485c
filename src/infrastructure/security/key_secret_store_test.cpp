#include "infrastructure/security/key_secret_store.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "infrastructure/security/jwt_test_support.hpp"
#include "infrastructure/security/key_manager.hpp"

namespace rampart::infrastructure {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;

// A secret store in memory with Secrets Manager's stage rules: a write becomes current, the
// current version becomes previous. `before_write` runs inside Write, before the version is
// stored: a test makes another writer come in between a read and a write there.
class MemorySecret final : public VersionedSecret {
 public:
  std::string Describe() const override { return "secret aws-sm:test/keys"; }
  std::optional<std::string> ReadForServing() override {
    ++serving_reads;
    if (versions.empty()) return std::nullopt;
    return versions.back().text;
  }
  std::optional<Version> Read(Stage stage) override {
    const std::size_t back = stage == Stage::kCurrent ? 1 : 2;
    if (versions.size() < back) return std::nullopt;
    return versions[versions.size() - back];
  }
  std::string Write(const std::string& text) override {
    if (auto hook = std::exchange(before_write, nullptr)) hook();
    versions.push_back({.text = text, .version_id = "v" + std::to_string(versions.size() + 1)});
    return versions.back().version_id;
  }

  std::vector<Version> versions;
  std::function<void()> before_write;
  int serving_reads = 0;
};

KeyPolicy Policy() {
  return {.grace = 640s, .algorithm = SigningAlgorithm::kEs256, .create_when_empty = true};
}

TEST(KeySecretStore, HoldsTheKeysWithTheirStatesAndServesThemToAnotherInstance) {
  auto shared = std::make_shared<MemorySecret>();
  MemorySecret& secret = *shared;
  FakeClock clock;
  KeySecretStore store_a(shared), store_b(shared);
  EXPECT_TRUE(store_a.Load().keys.empty()) << "a secret without a value holds no key";
  KeyManager a(store_a, Policy(), clock), b(store_b, Policy(), clock);
  const auto first = a.Start();
  ASSERT_EQ(secret.versions.size(), 1u);
  EXPECT_NE(secret.versions[0].text.find("\"privateKeyPem\":\"-----BEGIN PRIVATE KEY"),
            std::string::npos);
  EXPECT_EQ(b.Start()->Active().Kid(), first->Active().Kid());

  clock.now += 1h;
  const Rotation rotation = a.RotateNow();
  const auto reload = b.Refresh();
  EXPECT_TRUE(reload.changed);
  EXPECT_EQ(reload.ring->Active().Kid(), rotation.activated_kid);
  ASSERT_EQ(reload.ring->Keys().size(), 3u) << "retired, active and the new next key";
  EXPECT_GT(secret.serving_reads, 0) << "serving instances read through ReadForServing";
}

TEST(KeySecretStore, RefusesADocumentWhoseKeyIsNotTheKeyItsKidSays) {
  auto shared = std::make_shared<MemorySecret>();
  MemorySecret& secret = *shared;
  FakeClock clock;
  KeySecretStore store(shared);
  KeyManager(store, Policy(), clock).Start();
  const auto other = SigningKey::Generate();
  std::string& text = secret.versions.back().text;
  const auto kid_at = text.find("\"kid\":\"") + 7;
  text.replace(kid_at, text.find('"', kid_at) - kid_at, other.Kid());
  KeySecretStore fresh(shared);
  try {
    fresh.Load();
    FAIL() << "a key under another kid must be refused";
  } catch (const KeyError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("secret aws-sm:test/keys"), std::string::npos) << message;
    EXPECT_EQ(message.find("BEGIN"), std::string::npos) << "never key material: " << message;
  }
}

// Two rotations from the same version: the second writer's write overwrites the first's. It
// sees so (the version it replaced is not the one it read) and applies its rotation again on
// top of the first writer's version, so both rotations are kept.
TEST(KeySecretStore, AWriterThatOverwroteAConcurrentWriteAppliesItsChangeOnTopOfIt) {
  auto shared = std::make_shared<MemorySecret>();
  MemorySecret& secret = *shared;
  FakeClock clock;
  KeySecretStore store_a(shared), store_b(shared);
  KeyManager a(store_a, Policy(), clock), b(store_b, Policy(), clock);
  a.Start();
  b.Start();
  clock.now += 1h;
  std::string a_activated;
  secret.before_write = [&] { a_activated = a.RotateNow().activated_kid; };
  const Rotation b_rotation = b.RotateNow();
  ASSERT_EQ(secret.versions.size(), 4u) << "initial, a's, b's overwrite, b's again on a's";
  const KeySet final_set = store_a.Load();
  ASSERT_EQ(final_set.keys.size(), 4u) << "two retired, the active and the next key";
  EXPECT_EQ(final_set.Active()->Kid(), b_rotation.activated_kid);
  const auto* a_key = final_set.Find(a_activated);
  ASSERT_NE(a_key, nullptr) << "a's rotation is not lost";
  EXPECT_EQ(a_key->state, KeyState::kRetired) << "its key signed, so it stays published";
}

TEST(KeySecretStore, GivesUpAfterItsAttemptsAndSaysSo) {
  auto shared = std::make_shared<MemorySecret>();
  MemorySecret& secret = *shared;
  FakeClock clock;
  KeySecretStore store(shared);
  KeyManager manager(store, Policy(), clock);
  manager.Start();
  // Another writer comes in before every write.
  std::function<void()> interfere = [&] {
    secret.versions.push_back({.text = secret.versions.back().text,
                               .version_id = "other" + std::to_string(secret.versions.size())});
    secret.before_write = interfere;
  };
  secret.before_write = interfere;
  try {
    manager.RotateNow();
    FAIL() << "the writer must give up";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("rampart keys list"), std::string::npos) << e.what();
  }
  secret.before_write = nullptr;
}

}  // namespace
}  // namespace rampart::infrastructure
