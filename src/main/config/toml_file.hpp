#pragma once
// Reads one configuration file into flat "section.key" entries. The only user of toml++ (a
// heavy header): everything else sees plain strings.
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rampart::config {

struct FileEntry {
  enum class Type { kString, kInteger, kBoolean, kTable, kOther };
  std::string key;    // dotted path from the root ("server.listen")
  std::string value;  // strings as written; integers in decimal; booleans true/false
  Type type = Type::kOther;
  int line = 0;  // 1-based line of the value
};

// ReadTomlFile returns the leaves of the TOML document at `path`, sorted by key (empty tables
// appear as one kTable entry so that a misspelt [section] is noticed). std::nullopt when no file is
// there. The error is "<path>:<line>: <reason>" for a syntax error, "<path>: <reason>" otherwise.
std::expected<std::optional<std::vector<FileEntry>>, std::string> ReadTomlFile(
    const std::filesystem::path& path);

}  // namespace rampart::config
