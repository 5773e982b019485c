#pragma once
// The one table that declares every setting: loading, validation, `config check`, the
// generated config/rampart.toml and the table in docs/configuration.md all read it.
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "main/config/settings.hpp"

namespace rampart::config {

// ValueKind: how a value is written in TOML (and shown in the docs). Files must use the TOML type
// (a duration may also be a bare integer, meaning seconds); environment and flags are text.
enum class ValueKind { kString, kInteger, kBoolean, kDuration };

// Secrecy: what RenderEffective hides.
enum class Secrecy {
  kPublic,
  kSecret,       // the whole value becomes "********"
  kUrlPassword,  // only the password inside the URL (see MaskUrlPassword)
};

struct SettingInfo {
  std::string_view key;      // TOML key, dotted ("server.listen")
  std::string_view env_var;  // "RAMPART_LISTEN"
  ValueKind kind = ValueKind::kString;
  std::string_view default_value;      // as text, parsed by `apply` like any other layer
  std::string_view description;        // one sentence or two, for the docs and the defaults file
  Secrecy secrecy = Secrecy::kPublic;  // non-public values are never echoed in errors and may
                                       // also be read from the file named by <env_var>_FILE

  // Parses `raw` and stores it into the settings; the error is a reason phrase without the
  // key ("is not host:port"), and never contains the value itself.
  std::function<std::expected<void, std::string>(std::string_view raw, Settings&)> apply;
  // The effective value as text, for RenderEffective (secrets unmasked: the caller masks).
  std::function<std::string(const Settings&)> render;
};

// AllSettings returns every setting, root keys first, then grouped by section in documentation
// order.
const std::vector<SettingInfo>& AllSettings();

// FindSetting returns the setting with this TOML key, or nullptr.
const SettingInfo* FindSetting(std::string_view key);

}  // namespace rampart::config
