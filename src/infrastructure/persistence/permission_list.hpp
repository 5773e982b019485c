#pragma once
// How an API key's permissions are stored in both databases: one text column of
// space-separated names (permission names have no spaces), NULL for "all of the owner's".
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace rampart::infrastructure {

inline std::optional<std::string> JoinPermissionList(
    const std::optional<std::vector<std::string>>& names) {
  if (!names) return std::nullopt;
  std::string text;
  for (const auto& name : *names) {
    if (!text.empty()) text += ' ';
    text += name;
  }
  return text;
}

inline std::vector<std::string> SplitPermissionList(const std::string& text) {
  std::vector<std::string> names;
  std::istringstream words(text);
  for (std::string name; words >> name;) names.push_back(std::move(name));
  return names;
}

}  // namespace rampart::infrastructure
