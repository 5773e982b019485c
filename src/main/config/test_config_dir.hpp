#pragma once
// Test helper: a fresh temporary directory for configuration files, removed afterwards.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rampart::config::testing {

class TestConfigDir {
 public:
  TestConfigDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rampart-config-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TestConfigDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TestConfigDir(const TestConfigDir&) = delete;
  TestConfigDir& operator=(const TestConfigDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Write writes `content` to <dir>/<name> and returns the full path.
  std::filesystem::path Write(std::string_view name, std::string_view content) const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace rampart::config::testing
