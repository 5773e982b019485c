#pragma once
// Internal to Load(): each configuration layer turned into a list of assignments, and the
// wording of errors about them.
#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "main/config/setting_info.hpp"

namespace rampart::config {

// Assignment is one value for one setting from one layer.
struct Assignment {
  const SettingInfo* info = nullptr;
  std::string value;
  Origin origin;
};

using Layer = std::vector<Assignment>;

// ReadFileLayer returns the settings set in a TOML file, ordered by line; empty when the file does
// not exist. Errors: syntax, unknown key, wrong TOML type.
std::expected<Layer, std::string> ReadFileLayer(const std::filesystem::path& path);

// ReadEnvironmentLayer returns the declared variables present in `environment`; for secret settings
// also <VAR>_FILE, whose file content (one trailing newline dropped) is the value.
std::expected<Layer, std::string> ReadEnvironmentLayer(
    const std::map<std::string, std::string>& environment);

// ReadOverrideLayer: command-line overrides; an unknown key is an error.
std::expected<Layer, std::string> ReadOverrideLayer(
    const std::vector<std::pair<std::string, std::string>>& overrides);

// DescribeFailure returns "config: <where>: <value> <reason>", where names the setting and its
// origin, and the value is quoted, or "the value" for a secret.
std::string DescribeFailure(const SettingInfo& info, const Origin& origin, std::string_view raw,
                            std::string_view reason);

// EditDistance: Levenshtein distance (insertions, deletions, substitutions), for "did you mean"
// hints.
std::size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace rampart::config
