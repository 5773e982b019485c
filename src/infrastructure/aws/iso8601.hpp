#pragma once
// The UTC timestamps of AWS credential documents ("2026-12-03T08:00:00Z", with or without
// fractional seconds).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::infrastructure::aws {

std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text);
std::string FormatIso8601(std::chrono::system_clock::time_point time);

}  // namespace rampart::infrastructure::aws
