#pragma once
// LoadTest: config::Load over a temporary config directory, for the load tests.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "main/config/config.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {

// LoadTest loads settings from its own config directory (dir_), an environment and overrides.
class LoadTest : public ::testing::Test {
 protected:
  std::expected<Settings, std::string> LoadWith(
      std::map<std::string, std::string> environment = {},
      std::vector<std::pair<std::string, std::string>> overrides = {}) {
    return Load({.config_dir = dir_.path(),
                 .environment = std::move(environment),
                 .overrides = std::move(overrides)});
  }
  std::string ErrorOf(std::map<std::string, std::string> environment,
                      std::vector<std::pair<std::string, std::string>> overrides = {}) {
    auto loaded = LoadWith(std::move(environment), std::move(overrides));
    EXPECT_FALSE(loaded.has_value());
    return loaded ? std::string() : loaded.error();
  }
  std::string File(std::string_view name) const { return (dir_.path() / name).string(); }

  testing::TestConfigDir dir_;
};

}  // namespace rampart::config
