#pragma once
// The settings of outgoing calls (`outbound.*`: a CA file and one resilience policy per
// dependency) and of AWS (`aws.*`, read from the AWS SDKs' own variables), appended to the
// table by setting_table.cpp. See docs/outbound.md.
#include <vector>

#include "main/config/setting_info.hpp"

namespace rampart::config {

void AppendOutboundSettings(std::vector<SettingInfo>& table);

// ValidateQueueUrl: empty, or an SQS queue URL: http(s)://host[:port]/<account>/<name> (`.fifo` for
// FIFO).
std::expected<void, std::string> ValidateQueueUrl(std::string_view text);

}  // namespace rampart::config
