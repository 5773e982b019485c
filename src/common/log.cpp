#include "common/log.hpp"

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>

#include "common/json_escape.hpp"
#include "common/log_line.hpp"

namespace rampart::log {
namespace {

// An immutable snapshot of the configuration; Configure swaps in a new one so that writers never
// take a lock to read it.
struct State {
  std::shared_ptr<spdlog::details::thread_pool> pool;  // only for async
  std::shared_ptr<spdlog::logger> logger;
  Format format = Format::kJson;
  Level level = Level::info;
  std::vector<std::pair<std::string, Level>> component_levels;
  std::string static_fields;  // rendered: ,"key":"value"...
};

std::shared_ptr<spdlog::logger> MakeSyncLogger(std::shared_ptr<spdlog::sinks::sink> sink) {
  auto logger = std::make_shared<spdlog::logger>("rampart", std::move(sink));
  logger->set_pattern("%v");  // lines are rendered completely by us
  logger->set_level(Level::trace);
  return logger;
}

std::shared_ptr<const State> MakeDefaultState() {
  auto state = std::make_shared<State>();
  state->logger = MakeSyncLogger(std::make_shared<spdlog::sinks::stdout_sink_mt>());
  return state;
}

std::atomic<std::shared_ptr<const State>> g_state;
// The lowest level any component may write: one relaxed load rejects most disabled lines.
std::atomic<int> g_floor{Level::info};

std::shared_ptr<const State> CurrentState() {
  auto state = g_state.load(std::memory_order_acquire);
  if (state) return state;
  std::shared_ptr<const State> expected;
  auto fresh = MakeDefaultState();
  if (g_state.compare_exchange_strong(expected, fresh)) return fresh;
  return expected;
}

Level ThresholdOf(const State& state, std::string_view component) {
  for (const auto& [name, level] : state.component_levels) {
    if (name == component) return level;
  }
  return state.level;
}

Level RequireLevel(std::string_view text, std::string_view what) {
  auto level = ParseLevel(text);
  if (!level) {
    throw std::invalid_argument("invalid log level \"" + std::string(text) + "\" for " +
                                std::string(what) + " (trace|debug|info|warn|error|off)");
  }
  return *level;
}

void WriteSpan(Level level, std::string_view component, std::string_view message,
               std::span<const Field> fields) {
  if (level == Level::off || level < g_floor.load(std::memory_order_relaxed)) return;
  const auto state = CurrentState();
  if (level < ThresholdOf(*state, component)) return;
  const auto now = std::chrono::system_clock::now();
  const std::string line =
      state->format == Format::kJson
          ? FormatJsonLine(now, level, component, message, fields, state->static_fields)
          : FormatTextLine(now, level, component, message, fields);
  state->logger->log(level, spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace

std::optional<Level> ParseLevel(std::string_view text) {
  if (text == "trace") return Level::trace;
  if (text == "debug") return Level::debug;
  if (text == "info") return Level::info;
  if (text == "warn" || text == "warning") return Level::warn;
  if (text == "error") return Level::err;
  if (text == "off") return Level::off;
  return std::nullopt;
}

void Configure(const Options& options) {
  auto state = std::make_shared<State>();
  state->format = options.format;
  state->level = RequireLevel(options.level, "the log level");
  for (const auto& [component, level] : options.component_levels) {
    state->component_levels.emplace_back(component, RequireLevel(level, component));
  }
  for (const auto& [key, value] : options.static_fields) {
    state->static_fields.push_back(',');
    AppendJsonString(state->static_fields, key);
    state->static_fields.push_back(':');
    AppendJsonString(state->static_fields, value);
  }
  auto sink = options.sink ? options.sink : std::make_shared<spdlog::sinks::stdout_sink_mt>();
  if (options.async) {
    state->pool = std::make_shared<spdlog::details::thread_pool>(8192, 1);
    auto logger = std::make_shared<spdlog::async_logger>("rampart", std::move(sink), state->pool,
                                                         spdlog::async_overflow_policy::block);
    logger->set_pattern("%v");
    logger->set_level(Level::trace);
    logger->flush_on(Level::trace);
    state->logger = std::move(logger);
  } else {
    state->logger = MakeSyncLogger(std::move(sink));
  }

  int floor = state->level;
  for (const auto& entry : state->component_levels) floor = std::min<int>(floor, entry.second);
  // Lower the floor before publishing a state that needs it, raise it after: a writer never
  // drops a line the current state would write.
  if (floor < g_floor.load()) g_floor.store(floor);
  const auto previous = g_state.exchange(std::move(state));
  g_floor.store(floor);
  if (previous) previous->logger->flush();
}

void Shutdown() {
  const auto current = CurrentState();
  auto fresh = std::make_shared<State>(*current);
  fresh->pool.reset();
  fresh->logger = MakeSyncLogger(std::make_shared<spdlog::sinks::stdout_sink_mt>());
  auto previous = g_state.exchange(std::move(fresh));
  // Dropping the last reference to an async writer's pool joins it after its queue is written.
  if (previous) previous->logger->flush();
}

bool Enabled(Level level, std::string_view component) {
  if (level == Level::off || level < g_floor.load(std::memory_order_relaxed)) return false;
  return level >= ThresholdOf(*CurrentState(), component);
}

void Write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields) {
  WriteSpan(level, component, message, std::span<const Field>(fields.begin(), fields.size()));
}

void Write(Level level, std::string_view component, std::string_view message,
           std::span<const Field> fields) {
  WriteSpan(level, component, message, fields);
}

}  // namespace rampart::log
