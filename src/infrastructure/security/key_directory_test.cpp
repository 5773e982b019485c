#include "infrastructure/security/key_directory.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "infrastructure/security/key_manifest.hpp"
#include "infrastructure/security/test_support.hpp"

namespace rampart::infrastructure {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const domain::TimePoint kNow{std::chrono::seconds(1'800'000'000)};

mode_t ModeOf(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

std::vector<std::string> NamesIn(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

void SetModified(const fs::path& path, std::int64_t seconds) {
  struct timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

KeySet InitialiseStore(KeyDirectory& store) {
  return store.Update([](KeySet& set) {
    Initialise(set, kNow, SigningAlgorithm::kEs256, DefaultKeyGenerator());
    return true;
  });
}

TEST(KeyDirectory, AMissingDirectoryHoldsNoKeys) {
  testing::TempDir tmp;
  KeyDirectory store(tmp.Path() / "keys");
  EXPECT_TRUE(store.Load().keys.empty());
  EXPECT_FALSE(fs::exists(tmp.Path() / "keys")) << "reading must not create it";
}

TEST(KeyDirectory, StoresTheManifestAndOnePrivateFilePerKey) {
  testing::TempDir tmp;
  const fs::path dir = tmp.Path() / "data" / "keys";
  KeyDirectory store(dir);
  const KeySet stored = InitialiseStore(store);
  EXPECT_EQ(ModeOf(dir), 0700u);
  const std::vector<std::string> expected_names = [&] {
    std::vector<std::string> names{".lock", "keys.json", stored.keys[0].Kid() + ".pem",
                                   stored.keys[1].Kid() + ".pem"};
    std::sort(names.begin(), names.end());
    return names;
  }();
  EXPECT_EQ(NamesIn(dir), expected_names) << "no temporary file may remain";
  for (const auto& name : expected_names) EXPECT_EQ(ModeOf(dir / name), 0600u) << name;
  std::ifstream pem(dir / (stored.keys[0].Kid() + ".pem"));
  std::string first_line;
  std::getline(pem, first_line);
  EXPECT_EQ(first_line, "-----BEGIN PRIVATE KEY-----");

  // Another reader (another instance sharing the directory) sees the same keys and times.
  KeyDirectory other(dir);
  const KeySet loaded = other.Load();
  ASSERT_EQ(loaded.keys.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(loaded.keys[i].Kid(), stored.keys[i].Kid());
    EXPECT_EQ(loaded.keys[i].state, stored.keys[i].state);
    EXPECT_EQ(loaded.keys[i].created_at, kNow);
    EXPECT_EQ(loaded.keys[i].activated_at, stored.keys[i].activated_at);
  }
}

TEST(KeyDirectory, DeletesTheFilesOfKeysThatLeftTheSet) {
  testing::TempDir tmp;
  KeyDirectory store(tmp.Path());
  const KeySet first = InitialiseStore(store);
  const std::string next = first.keys[1].Kid();
  store.Update([&](KeySet& set) {
    Retire(set, next, false, kNow, 600s, SigningAlgorithm::kEdDsa, DefaultKeyGenerator());
    return true;
  });
  EXPECT_FALSE(fs::exists(tmp.Path() / (next + ".pem")));
  const KeySet loaded = KeyDirectory(tmp.Path()).Load();
  ASSERT_EQ(loaded.keys.size(), 2u);
  EXPECT_EQ(loaded.keys[1].key->Algorithm(), SigningAlgorithm::kEdDsa);
}

TEST(KeyDirectory, AnUpdateThatChangesNothingWritesNothing) {
  testing::TempDir tmp;
  KeyDirectory store(tmp.Path());
  InitialiseStore(store);
  std::ofstream(tmp.Path() / "keys.json", std::ios::app) << " ";  // a marker the rewrite would drop
  store.Update([](KeySet&) { return false; });
  std::ifstream in(tmp.Path() / "keys.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(text.ends_with(" ")) << "rewritten although nothing changed";
}

// Writers of different processes exclude each other with flock(2) on <dir>/.lock: while an
// update runs, nobody else can take the lock.
TEST(KeyDirectory, HoldsTheDirectoryLockForTheWholeUpdate) {
  testing::TempDir tmp;
  KeyDirectory store(tmp.Path());
  bool tried = false;
  store.Update([&](KeySet& set) {
    const int fd = ::open((tmp.Path() / ".lock").c_str(), O_RDWR | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    EXPECT_NE(::flock(fd, LOCK_EX | LOCK_NB), 0) << "another writer could interleave";
    EXPECT_EQ(errno, EWOULDBLOCK);
    ::close(fd);
    tried = true;
    Initialise(set, kNow, SigningAlgorithm::kEs256, DefaultKeyGenerator());
    return true;
  });
  EXPECT_TRUE(tried);
  const int fd = ::open((tmp.Path() / ".lock").c_str(), O_RDWR | O_CLOEXEC);
  EXPECT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0) << "released after the update";
  ::close(fd);
}

TEST(KeyDirectory, KeepsTheModesExactDespiteTheUmask) {
  testing::TempDir tmp;
  // 0277 would leave read-only files and an unwritable directory without the explicit chmod.
  const mode_t previous = ::umask(0277);
  KeyDirectory store(tmp.Path() / "keys");
  const KeySet set = InitialiseStore(store);
  ::umask(previous);
  EXPECT_EQ(ModeOf(tmp.Path() / "keys" / (set.keys[0].Kid() + ".pem")), 0600u);
  EXPECT_EQ(ModeOf(tmp.Path() / "keys" / "keys.json"), 0600u);
  EXPECT_EQ(ModeOf(tmp.Path() / "keys"), 0700u);
}

TEST(KeyDirectory, ADirectoryOfPemFilesOnlyLoadsWithTheNewestActive) {
  testing::TempDir tmp;
  const SigningKey older = SigningKey::Generate();
  const SigningKey newer = SigningKey::Generate();
  std::ofstream(tmp.Path() / (older.Kid() + ".pem")) << older.PrivateKeyPem();
  std::ofstream(tmp.Path() / "renamed-by-hand.pem") << newer.PrivateKeyPem();
  SetModified(tmp.Path() / (older.Kid() + ".pem"), 1'700'000'000);
  SetModified(tmp.Path() / "renamed-by-hand.pem", 1'700'000'100);
  std::ofstream(tmp.Path() / "README") << "not a key";

  KeyDirectory store(tmp.Path());
  const KeySet set = store.Load();
  ASSERT_EQ(set.keys.size(), 2u);
  EXPECT_EQ(set.Active()->Kid(), newer.Kid());
  EXPECT_EQ(set.Find(older.Kid())->state, KeyState::kRetired);
  EXPECT_EQ(set.Find(older.Kid())->retired_at,
            domain::TimePoint(std::chrono::seconds(1'700'000'100)));

  // The first update writes a manifest and names every file after its key.
  store.Update([](KeySet&) { return true; });
  EXPECT_TRUE(fs::exists(tmp.Path() / "keys.json"));
  EXPECT_TRUE(fs::exists(tmp.Path() / (newer.Kid() + ".pem")));
  EXPECT_FALSE(fs::exists(tmp.Path() / "renamed-by-hand.pem"));
  EXPECT_TRUE(fs::exists(tmp.Path() / "README"));
  EXPECT_EQ(KeyDirectory(tmp.Path()).Load().Active()->Kid(), newer.Kid());
}

TEST(KeyDirectory, ExplainsWhatIsWrongWithAStore) {
  testing::TempDir tmp;
  KeyDirectory store(tmp.Path());
  const KeySet set = InitialiseStore(store);
  const auto expect_error = [&](std::string_view fragment) {
    try {
      (void)KeyDirectory(tmp.Path()).Load();
      ADD_FAILURE() << "expected KeyError containing " << fragment;
    } catch (const KeyError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  const fs::path active = tmp.Path() / (set.keys[0].Kid() + ".pem");
  fs::rename(active, tmp.Path() / "aside");
  expect_error("has no file");
  // A file that holds another key than its name says.
  std::ofstream(active) << SigningKey::Generate().PrivateKeyPem();
  expect_error("not the key its name says");
  fs::rename(tmp.Path() / "aside", active);
  std::ofstream(tmp.Path() / "keys.json") << R"({"version":2,"keys":[]})";
  expect_error("unknown version");
  std::ofstream(tmp.Path() / "keys.json")
      << R"({"version":1,"keys":[{"kid":"../../etc/x","alg":"ES256","state":"active","createdAt":"2026-01-01T00:00:00Z"}]})";
  expect_error("not base64url");
}

TEST(KeyDirectory, AMissingRetiredKeyFileIsSkipped) {
  // A writer deletes a key's file just after its manifest stopped naming it; a reader that
  // read the manifest before that must not fail.
  testing::TempDir tmp;
  KeyDirectory store(tmp.Path());
  InitialiseStore(store);
  const KeySet rotated = store.Update([](KeySet& set) {
    Rotate(set, kNow, 600s, SigningAlgorithm::kEs256, DefaultKeyGenerator());
    return true;
  });
  const std::string retired = rotated.keys[0].Kid();
  ASSERT_EQ(rotated.Find(retired)->state, KeyState::kRetired);
  fs::remove(tmp.Path() / (retired + ".pem"));
  const KeySet loaded = KeyDirectory(tmp.Path()).Load();
  EXPECT_EQ(loaded.Find(retired), nullptr);
  EXPECT_EQ(loaded.keys.size(), 2u);
}

TEST(KeyManifest, RoundTripsEveryField) {
  KeySet set;
  Initialise(set, kNow, SigningAlgorithm::kEdDsa, DefaultKeyGenerator());
  Rotate(set, kNow + 1h, 600s, SigningAlgorithm::kEs256, DefaultKeyGenerator());
  const auto entries = DecodeManifest(EncodeManifest(set));
  ASSERT_EQ(entries.size(), set.keys.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].kid, set.keys[i].Kid());
    EXPECT_EQ(entries[i].algorithm, set.keys[i].key->Algorithm());
    EXPECT_EQ(entries[i].state, set.keys[i].state);
    EXPECT_EQ(entries[i].created_at, set.keys[i].created_at);
    EXPECT_EQ(entries[i].activated_at, set.keys[i].activated_at);
    EXPECT_EQ(entries[i].retired_at, set.keys[i].retired_at);
  }
  EXPECT_EQ(EncodeManifest(set).find("PRIVATE"), std::string::npos);
  EXPECT_THROW(DecodeManifest("[]"), KeyError);
  EXPECT_THROW(DecodeManifest(R"({"version":1,"keys":[{"kid":"a"}]})"), KeyError);
}

}  // namespace
}  // namespace rampart::infrastructure
