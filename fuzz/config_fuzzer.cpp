// Configuration as an operator (or a compromised deployment pipeline) writes it
// (main/config/config.hpp): a TOML file (toml++ and our flattening, unknown keys, wrong types)
// and RAMPART_* environment values, through every setting's parser and the cross-setting
// validation of Load(). An accepted configuration renders (`config check`); a refused one says
// why in one line that never repeats a secret value.
//
// Input: "<rampart.toml>\0<environment>", the environment one variable per line: "NAME=value"
// for names starting RAMPART_, DD_ or AWS_, otherwise the first byte picks a declared setting's
// variable and the rest is its value. <VAR>_FILE variables are dropped (they read files).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "main/config/config.hpp"
#include "main/config/setting_info.hpp"

namespace {

using namespace rampart::config;

const std::filesystem::path& ConfigDir() {
  static const std::filesystem::path dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "rampart-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    return std::filesystem::path(pattern);
  }();
  return dir;
}

// What of a value must never be echoed: all of a secret, the password of a URL's userinfo.
std::string SecretPart(Secrecy secrecy, std::string_view value) {
  if (secrecy == Secrecy::kSecret) return std::string(value);
  if (secrecy != Secrecy::kUrlPassword) return {};
  const auto scheme = value.find("://");
  if (scheme == std::string_view::npos) return {};
  const auto authority = value.substr(scheme + 3, value.find('/', scheme + 3) - scheme - 3);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) return {};
  const auto userinfo = authority.substr(0, at);
  const auto colon = userinfo.find(':');
  return colon == std::string_view::npos ? std::string() : std::string(userinfo.substr(colon + 1));
}

// Whether Load's error still holds `secret` once every occurrence of it in `variable`'s value is
// replaced by as many characters the secret does not have.
bool StillInErrorWithout(LoadOptions options, const std::string& variable, const std::string& secret) {
  char stand_in = 'Z';
  for (const char candidate : {'Z', 'q', '7', '~'}) {
    if (secret.find(candidate) == std::string::npos) stand_in = candidate;
  }
  std::string& value = options.environment[variable];
  for (auto at = value.find(secret); at != std::string::npos; at = value.find(secret, at + secret.size())) {
    value.replace(at, secret.size(), std::string(secret.size(), stand_in));
  }
  const auto again = Load(options);
  return !again && again.error().find(secret) != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\0');
  const std::string_view toml = input.substr(0, split);
  std::string_view environment =
      split == std::string_view::npos ? std::string_view{} : input.substr(split + 1);
  {
    std::ofstream file(ConfigDir() / "rampart.toml", std::ios::binary | std::ios::trunc);
    file.write(toml.data(), static_cast<std::streamsize>(toml.size()));
  }

  const auto& settings = AllSettings();
  LoadOptions options{.config_dir = ConfigDir()};
  std::vector<std::pair<std::string, std::string>> secrets;  // variable, secret
  while (!environment.empty()) {
    const auto newline = environment.find('\n');
    const std::string_view line = environment.substr(0, newline);
    environment = newline == std::string_view::npos ? std::string_view{}
                                                    : environment.substr(newline + 1);
    if (line.empty()) continue;
    std::string name;
    std::string value;
    const SettingInfo* info = nullptr;
    if (line.starts_with("RAMPART_") || line.starts_with("DD_") || line.starts_with("AWS_")) {
      const auto equals = line.find('=');
      name = line.substr(0, equals);
      value = equals == std::string_view::npos ? "" : line.substr(equals + 1);
      for (const auto& setting : settings) {
        if (setting.env_var == name) info = &setting;
      }
    } else {
      info = &settings[static_cast<unsigned char>(line[0]) % settings.size()];
      name = info->env_var;
      value = line.substr(1);
    }
    if (name.ends_with("_FILE")) continue;
    if (info != nullptr) {
      const std::string secret = SecretPart(info->secrecy, value);
      if (secret.size() >= 8) secrets.emplace_back(name, secret);
    }
    options.environment[name] = value;
  }

  const auto loaded = Load(options);
  if (loaded) {
    (void)RenderEffective(*loaded);
    (void)ProductionProblems(*loaded);
  } else {
    FUZZ_CHECK(!loaded.error().empty());
    // A secret in the error is a leak unless the same text also came from a public place
    // (another variable's value, the file, a variable's name) or is the error's own wording
    // (a secret "sting table '" is in "cannot redefine existing table 'cors'"): then the error
    // still has it with the secret replaced by other characters.
    for (const auto& [variable, secret] : secrets) {
      if (loaded.error().find(secret) == std::string::npos) continue;
      bool public_too = toml.find(secret) != std::string_view::npos;
      for (const auto& [name, value] : options.environment) {
        public_too = public_too || name.find(secret) != std::string::npos ||
                     (name != variable && value.find(secret) != std::string::npos);
      }
      if (!public_too) public_too = StillInErrorWithout(options, variable, secret);
      FUZZ_CHECK(public_too);
    }
  }
  return 0;
}
