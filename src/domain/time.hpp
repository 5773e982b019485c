#pragma once
#include <chrono>
#include <string>

namespace rampart::domain {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::sys_seconds;  // the persistence and token resolution

// Formats as RFC 3339 UTC, e.g. "2026-11-28T13:16:24Z".
std::string FormatRfc3339(TimePoint t);

}  // namespace rampart::domain
