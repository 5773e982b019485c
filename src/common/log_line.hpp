#pragma once
// Rendering of one log line; log.cpp decides whether and where to write it.
#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "common/log.hpp"
#include "telemetry/context.hpp"

namespace rampart::log {

// AppendTimestamp: "2026-11-28T13:16:24.123Z": UTC with milliseconds.
void AppendTimestamp(std::string& out, std::chrono::system_clock::time_point time);

// FormatJsonLine: {"timestamp":...,"level":...,"logger":...,"msg":..., <static_fields>, <context>,
// <fields>} without a newline. `static_fields` is a pre-rendered fragment: empty, or
// `,"key":"value"...`. <context> is this thread's telemetry context: correlationId, trace_id,
// span_id, dd.trace_id, dd.span_id (each only when known).
std::string FormatJsonLine(std::chrono::system_clock::time_point time, Level level,
                           std::string_view component, std::string_view message,
                           std::span<const Field> fields, std::string_view static_fields);

// AppendContext appends `,"correlationId":...,"trace_id":...` for `context`; true when it had a
// correlation id.
bool AppendContext(std::string& line, const telemetry::Context& context);

// FormatTextLine returns "2026-11-28T13:16:24.123Z INFO http: message key=value key=\"two words\""
// for a terminal. Control characters are escaped as in JSON so a value cannot forge a second line.
std::string FormatTextLine(std::chrono::system_clock::time_point time, Level level,
                           std::string_view component, std::string_view message,
                           std::span<const Field> fields);

}  // namespace rampart::log
