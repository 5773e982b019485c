#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::domain {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::sys_seconds;  // the persistence and token resolution

// FormatRfc3339 formats as RFC 3339 UTC, e.g. "2026-11-28T13:16:24Z".
std::string FormatRfc3339(TimePoint t);
// AppendRfc3339 appends the same text to `out` (no temporary string).
void AppendRfc3339(std::string& out, TimePoint t);

// ParseRfc3339 parses an RFC 3339 date-time ("2026-11-28T13:16:24Z", "...T13:16:24.5+01:00");
// fractions of a second are dropped. nullopt for anything else, including impossible dates.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

}  // namespace rampart::domain
