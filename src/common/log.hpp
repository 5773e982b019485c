#pragma once
// Structured log lines: one JSON object per line on stdout (or a readable text line during
// development), written through spdlog.
//
//   log::Info("http", "request", {{"status", 200}, {"path", path}});
//   →
//   {"ts":"2026-11-28T13:16:24.123Z","level":"info","logger":"http","msg":"request","status":200,"path":"/x"}
//
// A disabled level costs one atomic load: callers may log freely on hot paths.
#include <spdlog/common.h>

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace rampart::log {

using Level = spdlog::level::level_enum;

// Field is one `key: value` pair of a log line. Keys are camelCase by convention (`durationMs`).
struct Field {
  using Value = std::variant<std::string_view, std::int64_t, double, bool>;

  Field(std::string_view key, std::string_view value) : key(key), value(value) {}
  Field(std::string_view key, const char* value) : key(key), value(std::string_view(value)) {}
  Field(std::string_view key, const std::string& value)
      : key(key), value(std::string_view(value)) {}
  Field(std::string_view key, bool value) : key(key), value(value) {}
  template <std::integral T>
  requires(!std::same_as<T, bool>) Field(std::string_view key, T value)
      : key(key), value(static_cast<std::int64_t>(value)) {}
  template <std::floating_point T>
  Field(std::string_view key, T value) : key(key), value(static_cast<double>(value)) {}

  std::string_view key;
  Value value;
};

enum class Format { kJson, kText };

struct Options {
  std::string level = "info";  // trace | debug | info | warn | error | off
  Format format = Format::kJson;
  // Per-component overrides, e.g. {"http", "warn"} silences access logs.
  std::vector<std::pair<std::string, std::string>> component_levels;
  // Added to every JSON line after the standard keys, e.g. Datadog's service/env/version.
  std::vector<std::pair<std::string, std::string>> static_fields;
  // Write from a background thread so that a slow stdout never stalls the caller. Call
  // Shutdown() before exiting to flush it.
  bool async = false;
  // Where lines go; stdout when null. Tests inject a capturing sink here.
  std::shared_ptr<spdlog::sinks::sink> sink;
};

// ParseLevel parses "trace" ... "off" (also "warning"); nullopt for anything else.
std::optional<Level> ParseLevel(std::string_view text);

// Configure replaces the configuration. Throws std::invalid_argument naming a bad level.
void Configure(const Options& options);

// Shutdown flushes and stops an async writer; later calls write synchronously to stdout again.
void Shutdown();

// Enabled returns whether a line of `level` from `component` would be written.
bool Enabled(Level level, std::string_view component);

void Write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields = {});
// Write: same, for fields assembled at run time (a std::vector or std::array of Field).
void Write(Level level, std::string_view component, std::string_view message,
           std::span<const Field> fields);

inline void Trace(std::string_view component, std::string_view message,
                  std::initializer_list<Field> fields = {}) {
  Write(Level::trace, component, message, fields);
}
inline void Debug(std::string_view component, std::string_view message,
                  std::initializer_list<Field> fields = {}) {
  Write(Level::debug, component, message, fields);
}
inline void Info(std::string_view component, std::string_view message,
                 std::initializer_list<Field> fields = {}) {
  Write(Level::info, component, message, fields);
}
inline void Warn(std::string_view component, std::string_view message,
                 std::initializer_list<Field> fields = {}) {
  Write(Level::warn, component, message, fields);
}
inline void Error(std::string_view component, std::string_view message,
                  std::initializer_list<Field> fields = {}) {
  Write(Level::err, component, message, fields);
}

}  // namespace rampart::log
