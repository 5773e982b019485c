#pragma once
// Rendering of one log line; log.cpp decides whether and where to write it.
#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "common/log.hpp"

namespace rampart::log {

/// "2026-11-28T13:16:24.123Z": UTC with milliseconds.
void AppendTimestamp(std::string& out, std::chrono::system_clock::time_point time);

/// {"ts":...,"level":...,"logger":...,"msg":..., <static_fields>, <fields>} without a newline.
/// `static_fields` is a pre-rendered fragment: empty, or `,"key":"value"...`.
std::string FormatJsonLine(std::chrono::system_clock::time_point time, Level level,
                           std::string_view component, std::string_view message,
                           std::span<const Field> fields, std::string_view static_fields);

/// "2026-11-28T13:16:24.123Z INFO  http: message key=value key=\"two words\"" for a terminal.
/// Control characters are escaped as in JSON so a value cannot forge a second line.
std::string FormatTextLine(std::chrono::system_clock::time_point time, Level level,
                           std::string_view component, std::string_view message,
                           std::span<const Field> fields);

}  // namespace rampart::log
