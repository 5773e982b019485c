#include "infrastructure/messaging/local/pickup_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace rampart::infrastructure::messaging {
namespace {

class WriteFileOnceTest : public testing::Test {
 protected:
  WriteFileOnceTest() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rampart-eml-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  ~WriteFileOnceTest() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(WriteFileOnceTest, WritesOnceAndLeavesNoTemporaryFile) {
  const auto mail = dir_ / "mail";
  EXPECT_TRUE(WriteFileOnce(mail, "a.eml", "first"));
  EXPECT_FALSE(WriteFileOnce(mail, "a.eml", "second"));
  std::ifstream in(mail / "a.eml");
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), "first");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(mail)) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "a.eml");
  }
  EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace rampart::infrastructure::messaging
