#include "infrastructure/security/key_directory.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "infrastructure/security/test_support.hpp"

namespace rampart::infrastructure {
namespace {

namespace fs = std::filesystem;

mode_t ModeOf(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  return files;
}

TEST(KeyDirectory, GeneratesAPrivateKeyFileWhenThereIsNone) {
  testing::TempDir tmp;
  const fs::path keys = tmp.Path() / "data" / "keys";
  const KeyRing ring = LoadOrCreateKeyRing(keys);
  EXPECT_TRUE(ring.FreshlyGenerated());
  EXPECT_EQ(ModeOf(keys), 0700u);

  const auto files = FilesIn(keys);
  ASSERT_EQ(files.size(), 1u) << "no temporary file may remain";
  EXPECT_EQ(files[0].filename(), ring.Active().Kid() + ".pem");
  EXPECT_EQ(ModeOf(files[0]), 0600u);
  std::ifstream in(files[0]);
  std::string first_line;
  std::getline(in, first_line);
  EXPECT_EQ(first_line, "-----BEGIN PRIVATE KEY-----");
}

TEST(KeyDirectory, ReloadingGivesTheSameKey) {
  testing::TempDir tmp;
  const KeyRing first = LoadOrCreateKeyRing(tmp.Path());
  const KeyRing second = LoadOrCreateKeyRing(tmp.Path());
  EXPECT_TRUE(first.FreshlyGenerated());
  EXPECT_FALSE(second.FreshlyGenerated());
  EXPECT_EQ(second.Active().Kid(), first.Active().Kid());
  EXPECT_EQ(second.Keys().size(), 1u);
  EXPECT_EQ(second.JwksJson(), first.JwksJson());
}

TEST(KeyDirectory, NewestKeySignsAndOlderOnesStillVerify) {
  testing::TempDir tmp;
  const fs::path older = GenerateKeyFile(tmp.Path());
  const fs::path newer = GenerateKeyFile(tmp.Path());
  const auto now = fs::file_time_type::clock::now();
  // Name order deliberately disagrees with age in one of the two arrangements.
  fs::last_write_time(older, now - std::chrono::hours(24));
  fs::last_write_time(newer, now);

  const KeyRing ring = LoadOrCreateKeyRing(tmp.Path());
  EXPECT_FALSE(ring.FreshlyGenerated());
  ASSERT_EQ(ring.Keys().size(), 2u);
  EXPECT_EQ(ring.Active().Kid() + ".pem", newer.filename().string());
  EXPECT_NE(ring.Find(older.stem().string()), nullptr);

  // Swap the ages: the other key becomes active.
  fs::last_write_time(older, now + std::chrono::hours(1));
  EXPECT_EQ(LoadOrCreateKeyRing(tmp.Path()).Active().Kid() + ".pem", older.filename().string());
}

TEST(KeyDirectory, EqualTimesPickTheGreatestName) {
  testing::TempDir tmp;
  const fs::path a = GenerateKeyFile(tmp.Path());
  const fs::path b = GenerateKeyFile(tmp.Path());
  const auto when = fs::file_time_type::clock::now();
  fs::last_write_time(a, when);
  fs::last_write_time(b, when);
  const std::string expected = std::max(a.filename().string(), b.filename().string());
  EXPECT_EQ(LoadOrCreateKeyRing(tmp.Path()).Active().Kid() + ".pem", expected);
}

TEST(KeyDirectory, IgnoresOtherFilesButRefusesABadKey) {
  testing::TempDir tmp;
  std::ofstream(tmp.Path() / "README") << "not a key";
  std::ofstream(tmp.Path() / ".abc.0011223344556677.tmp") << "half a key";
  const KeyRing ring = LoadOrCreateKeyRing(tmp.Path());
  EXPECT_TRUE(ring.FreshlyGenerated());
  EXPECT_EQ(ring.Keys().size(), 1u);

  std::ofstream(tmp.Path() / "broken.pem") << "-----BEGIN PRIVATE KEY-----\nAAAA\n";
  try {
    (void)LoadOrCreateKeyRing(tmp.Path());
    FAIL() << "a broken key must stop the start";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("broken.pem"), std::string::npos) << e.what();
  }
}

TEST(KeyDirectory, KeepsTheModeExactDespiteTheUmask) {
  testing::TempDir tmp;
  // 0277 would leave a read-only file and an unwritable directory without the explicit chmod.
  const mode_t previous = ::umask(0277);
  const fs::path key = GenerateKeyFile(tmp.Path() / "keys");
  ::umask(previous);
  EXPECT_EQ(ModeOf(key), 0600u);
  EXPECT_EQ(ModeOf(tmp.Path() / "keys"), 0700u);
}

}  // namespace
}  // namespace rampart::infrastructure
