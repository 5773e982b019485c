#include "common/repeated_warnings.hpp"

#include <vector>

namespace rampart::log {

RepeatedWarnings::Decision RepeatedWarnings::Admit(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = states_.try_emplace(std::string(key));
  State& state = it->second;
  if (!inserted && now - state.written < window_) {
    ++state.suppressed;
    return {.write = false, .suppressed = 0};
  }
  const Decision decision{.write = true, .suppressed = state.suppressed};
  state.written = now;
  state.suppressed = 0;
  return decision;
}

void WarnCoalesced(std::string_view component, std::string_view message,
                   std::initializer_list<Field> fields, std::string_view label) {
  if (!Enabled(Level::warn, component)) return;
  static RepeatedWarnings repeats(kRepeatWindow);
  std::string key;
  key.reserve(component.size() + message.size() + label.size() + 2);
  key.append(component).append(1, '\n').append(message).append(1, '\n').append(label);
  const auto decision = repeats.Admit(key);
  if (!decision.write) return;
  if (decision.suppressed == 0) return Write(Level::warn, component, message, fields);
  std::vector<Field> all(fields);
  all.emplace_back("repeated", decision.suppressed);
  Write(Level::warn, component, message, std::span<const Field>(all));
}

}  // namespace rampart::log
