#include <algorithm>

#include <fmt/format.h>

#include "main/config/config.hpp"
#include "main/config/database_url.hpp"

namespace rampart::config {

namespace {
constexpr std::string_view kMask = "********";
}

std::string RenderEffective(const Settings& settings) {
  const auto& table = AllSettings();
  std::size_t width = 0;
  for (const auto& info : table) width = std::max(width, info.key.size());
  std::string out;
  for (const auto& info : table) {
    std::string value = info.render(settings);
    if (!value.empty() && info.secrecy == Secrecy::kSecret) value = kMask;
    if (info.secrecy == Secrecy::kUrlPassword) value = MaskUrlPassword(value);
    if (value.empty()) value = "\"\"";
    const auto origin = settings.origins.find(info.key);
    out += fmt::format("{:<{}} = {}  ({})\n", info.key, width, value,
                       origin == settings.origins.end() ? "default" : origin->second.Describe());
  }
  return out;
}

}  // namespace rampart::config
