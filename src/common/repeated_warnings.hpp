#pragma once
// Bounded log volume during an outage: a warning that repeats (every request's "dependency
// unavailable", every readiness probe's "database check failed") is written once, then counted
// for `window`; the next one written after the window carries how many were left out
// ("repeated": N). Keys name the kind of warning (component, message and a fixed label such as
// the dependency), never a value from a request: their number stays small.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/log.hpp"

namespace rampart::log {

class RepeatedWarnings {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RepeatedWarnings(std::chrono::milliseconds window) : window_(window) {}

  struct Decision {
    bool write = false;
    std::uint64_t suppressed = 0;  // when write: the occurrences left out since the last line
  };
  // Admit returns whether the occurrence of `key` at `now` is written, and what it then reports.
  Decision Admit(std::string_view key, Clock::time_point now = Clock::now());

 private:
  struct State {
    Clock::time_point written;
    std::uint64_t suppressed = 0;
  };
  const std::chrono::milliseconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, State> states_;
};

// The window of WarnCoalesced: at most one line per kind of warning every 10 s.
inline constexpr std::chrono::seconds kRepeatWindow{10};

// WarnCoalesced: warn, coalesced per (component, message, `label`) through a process-wide
// RepeatedWarnings: a line written after suppressed ones has the field `repeated` (how many were
// left out).
void WarnCoalesced(std::string_view component, std::string_view message,
                   std::initializer_list<Field> fields, std::string_view label = {});

}  // namespace rampart::log
