#include "main/config/toml_file.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace rampart::config {

namespace {

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

void Flatten(const toml::table& table, const std::string& prefix, std::vector<FileEntry>& out) {
  for (const auto& [name, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    FileEntry entry{.key = key, .line = LineOf(node)};
    if (const auto* sub = node.as_table()) {
      if (!sub->empty()) {
        Flatten(*sub, key, out);
        continue;
      }
      entry.type = FileEntry::Type::kTable;
    } else if (const auto* text = node.as_string()) {
      entry.type = FileEntry::Type::kString;
      entry.value = text->get();
    } else if (const auto* number = node.as_integer()) {
      entry.type = FileEntry::Type::kInteger;
      entry.value = std::to_string(number->get());
    } else if (const auto* flag = node.as_boolean()) {
      entry.type = FileEntry::Type::kBoolean;
      entry.value = flag->get() ? "true" : "false";
    }
    out.push_back(std::move(entry));
  }
}

}  // namespace

std::expected<std::optional<std::vector<FileEntry>>, std::string> ReadTomlFile(
    const std::filesystem::path& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) return std::nullopt;
  if (error) return std::unexpected(fmt::format("{}: {}", path.string(), error.message()));
  if (status.type() != std::filesystem::file_type::regular) {
    return std::unexpected(fmt::format("{}: is not a regular file", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("{}: cannot be opened", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::unexpected(fmt::format("{}: cannot be read", path.string()));
  try {
    const toml::table document = toml::parse(text.str(), path.string());
    std::vector<FileEntry> entries;
    Flatten(document, "", entries);
    return entries;
  } catch (const toml::parse_error& e) {
    return std::unexpected(
        fmt::format("{}:{}: {}", path.string(), e.source().begin.line, e.description()));
  }
}

}  // namespace rampart::config
