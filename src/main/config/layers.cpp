#include "main/config/layers.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "main/config/toml_file.hpp"

namespace rampart::config {

namespace {

// A secret file larger than this is a mistake (a wrong path), not a password.
constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;
constexpr std::size_t kMaxQuotedChars = 120;

std::string Quote(std::string_view raw) {
  std::string out = "\"";
  for (std::size_t i = 0; i < raw.size() && i < kMaxQuotedChars; ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);  // keeps the error on one line
    } else {
      out += static_cast<char>(c);
    }
  }
  if (raw.size() > kMaxQuotedChars) out += "...";
  return out + "\"";
}

// "unknown key "server.lisen" (did you mean "server.listen"?)".
std::string UnknownKey(std::string_view key) {
  std::string_view best;
  std::size_t best_distance = 4;  // suggest only near misses
  for (const auto& info : AllSettings()) {
    const auto distance = EditDistance(key, info.key);
    if (distance < best_distance) {
      best = info.key;
      best_distance = distance;
    }
  }
  if (best.empty()) return fmt::format("unknown key \"{}\"", key);
  return fmt::format("unknown key \"{}\" (did you mean \"{}\"?)", key, best);
}

bool IsSection(std::string_view key) {
  const auto& table = AllSettings();
  return std::any_of(table.begin(), table.end(), [&](const SettingInfo& info) {
    return info.key.size() > key.size() && info.key.starts_with(key) && info.key[key.size()] == '.';
  });
}

// Files are typed: a quoted "8080" where a number is expected is a mistake worth reporting.
const char* TypeMismatch(ValueKind kind, FileEntry::Type type) {
  using T = FileEntry::Type;
  switch (kind) {
    case ValueKind::kString:
      return type == T::kString ? nullptr : "must be a string (in quotes)";
    case ValueKind::kInteger:
      return type == T::kInteger ? nullptr : "must be an integer (without quotes)";
    case ValueKind::kBoolean:
      return type == T::kBoolean ? nullptr : "must be true or false (without quotes)";
    case ValueKind::kDuration:
      return type == T::kString || type == T::kInteger
                 ? nullptr
                 : "must be a duration such as \"15s\" or a number of seconds";
  }
  return nullptr;
}

std::expected<std::string, std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("cannot open {}", Quote(path)));
  std::string content(kMaxSecretFileBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return std::unexpected(fmt::format("cannot read {}", Quote(path)));
  if (content.size() > kMaxSecretFileBytes) {
    return std::unexpected(fmt::format("{} is larger than 64 KiB", Quote(path)));
  }
  // `echo secret > file` and most secret stores end the value with a newline.
  if (content.ends_with('\n')) content.pop_back();
  if (content.ends_with('\r')) content.pop_back();
  return content;
}

}  // namespace

std::expected<Layer, std::string> ReadFileLayer(const std::filesystem::path& path) {
  auto read = ReadTomlFile(path);
  if (!read) return std::unexpected("config: " + read.error());
  if (!read->has_value()) return Layer{};
  auto entries = std::move(**read);
  std::stable_sort(entries.begin(), entries.end(),
                   [](const FileEntry& a, const FileEntry& b) { return a.line < b.line; });
  Layer layer;
  for (auto& entry : entries) {
    const Origin origin{.kind = Origin::Kind::kFile, .name = path.string(), .line = entry.line};
    const auto* info = FindSetting(entry.key);
    if (info == nullptr) {
      if (entry.type == FileEntry::Type::kTable && IsSection(entry.key))
        continue;  // all commented out
      return std::unexpected(
          fmt::format("config: {}:{}: {}", origin.name, origin.line, UnknownKey(entry.key)));
    }
    if (const char* mismatch = TypeMismatch(info->kind, entry.type)) {
      return std::unexpected(
          fmt::format("config: {}:{}: {}: {}", origin.name, origin.line, info->key, mismatch));
    }
    layer.push_back({info, std::move(entry.value), origin});
  }
  return layer;
}

std::expected<Layer, std::string> ReadEnvironmentLayer(
    const std::map<std::string, std::string>& environment) {
  Layer layer;
  for (const auto& info : AllSettings()) {
    const auto direct = environment.find(std::string(info.env_var));
    if (info.secrecy != Secrecy::kPublic) {
      const std::string file_var = std::string(info.env_var) + "_FILE";
      const auto file = environment.find(file_var);
      if (file != environment.end()) {
        const Origin origin{.kind = Origin::Kind::kEnvironment, .name = file_var};
        if (direct != environment.end()) {
          return std::unexpected(
              fmt::format("config: {} ({}, from environment): {} is set too; "
                          "set only one of them",
                          file_var, info.key, info.env_var));
        }
        auto content = ReadSecretFile(file->second);
        if (!content) {
          return std::unexpected(fmt::format("config: {} ({}, from environment): {}", file_var,
                                             info.key, content.error()));
        }
        layer.push_back({&info, std::move(*content), origin});
        continue;
      }
    }
    auto found = direct;
    // AWS SDKs read the region from AWS_DEFAULT_REGION when AWS_REGION is not set.
    if (found == environment.end() && info.env_var == "AWS_REGION") {
      found = environment.find("AWS_DEFAULT_REGION");
    }
    if (found != environment.end()) {
      layer.push_back(
          {&info, found->second, Origin{.kind = Origin::Kind::kEnvironment, .name = found->first}});
    }
  }
  return layer;
}

std::expected<Layer, std::string> ReadOverrideLayer(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  Layer layer;
  for (const auto& [key, value] : overrides) {
    const auto* info = FindSetting(key);
    if (info == nullptr) {
      return std::unexpected(fmt::format("config: {} (from command line)", UnknownKey(key)));
    }
    layer.push_back({info, value, Origin{.kind = Origin::Kind::kCommandLine}});
  }
  return layer;
}

std::string DescribeFailure(const SettingInfo& info, const Origin& origin, std::string_view raw,
                            std::string_view reason) {
  const std::string value = info.secrecy == Secrecy::kPublic ? Quote(raw) : "the value";
  switch (origin.kind) {
    case Origin::Kind::kFile:
      return fmt::format("config: {}:{}: {}: {} {}", origin.name, origin.line, info.key, value,
                         reason);
    case Origin::Kind::kEnvironment:
      return fmt::format("config: {} ({}, from environment): {} {}", origin.name, info.key, value,
                         reason);
    case Origin::Kind::kCommandLine:
      return fmt::format("config: {} (from command line): {} {}", info.key, value, reason);
    case Origin::Kind::kDefault:
      break;
  }
  return fmt::format("config: {} (default): {} {}", info.key, value, reason);
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace rampart::config
