#pragma once
// The sections of the setting table (setting_table.cpp builds it from them, in this order):
// each AppendXSettings adds its section's settings to `table`, in documentation order.
#include <vector>

#include "main/config/setting_info.hpp"

namespace rampart::config {

// AppendServerSettings adds `env`, `data_dir`, `server.*`, `tls.*`, `cors.*`, `rate_limit.*`.
void AppendServerSettings(std::vector<SettingInfo>& table);
// AppendIdentitySettings adds `database.*`, `admin.*`, `auth.*`, `password.*`, `mfa.*`,
// `lockout.*`.
void AppendIdentitySettings(std::vector<SettingInfo>& table);
// AppendMessagingSettings adds `mail.*`, `outbox.*`, `queue.*`, `events.*`, `audit.*`,
// `api_keys.*`, `smtp.*`.
void AppendMessagingSettings(std::vector<SettingInfo>& table);
// AppendRuntimeSettings adds `argon2.*`, `cache.*`, `log.*`, `telemetry.*`, `reload.*`.
// And `redis.*`.  // rampart:only(redis)
void AppendRuntimeSettings(std::vector<SettingInfo>& table);
// AppendFeatureFlags adds `features.source` and one boolean `features.<name>` per flag of the
// catalogue (domain/feature.hpp).
void AppendFeatureFlags(std::vector<SettingInfo>& table);

}  // namespace rampart::config
