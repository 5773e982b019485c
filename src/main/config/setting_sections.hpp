#pragma once
// The sections of the setting table (setting_table.cpp builds it from them, in this order):
// each AppendXSettings adds its section's settings to `table`, in documentation order.
#include <vector>

#include "main/config/setting_info.hpp"

namespace rampart::config {

// AppendServerSettings adds `env`, `data_dir`, `server.*`, `tls.*`, `cors.*`, `rate_limit.*`.
void AppendServerSettings(std::vector<SettingInfo>& table);
// rampart:begin(iam)
// AppendIdentitySettings adds `database.*`, `admin.*`, `auth.*`, `password.*`, `mfa.*`,
// `lockout.*`.
// rampart:else
// // AppendIdentitySettings adds `database.*` and `auth.*` (the external issuer's access tokens).
// rampart:end
void AppendIdentitySettings(std::vector<SettingInfo>& table);
// AppendMessagingSettings adds `mail.*`, `outbox.*`, `queue.*`, `events.*`, `audit.*`,
// `api_keys.*`,  // rampart:only(iam)
// `smtp.*`.
void AppendMessagingSettings(std::vector<SettingInfo>& table);
// AppendRuntimeSettings adds `cache.*`, `log.*`, `telemetry.*`, `reload.*`.
// And `argon2.*`.  // rampart:only(iam)
// And `redis.*`.  // rampart:only(redis)
void AppendRuntimeSettings(std::vector<SettingInfo>& table);
// AppendFeatureFlags adds `features.source` and one boolean `features.<name>` per flag of the
// catalogue (domain/feature.hpp).
void AppendFeatureFlags(std::vector<SettingInfo>& table);

}  // namespace rampart::config
