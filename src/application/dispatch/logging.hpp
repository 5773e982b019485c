#pragma once
// The logging behaviour: one line per dispatched use case with its name, outcome and duration
// (component "usecase": debug for successes, info for expected failures, error for exceptions,
// which are rethrown to the boundary).
#include <chrono>
#include <exception>
#include <string_view>

#include "application/dispatch/caller.hpp"
#include "domain/errors.hpp"

namespace rampart::application {

// LogUseCase writes the line (the log sink is set by the composition root; see LogSink).
void LogUseCase(std::string_view name, const Caller& caller, std::chrono::nanoseconds duration,
                const domain::Error* error, const char* exception);

// UseCaseLogLine: where use-case lines go. The application layer does not know the logging library:
// the composition root installs a sink (the default drops lines).
struct UseCaseLogLine {
  std::string_view name;
  std::string_view correlation_id;
  double duration_ms;
  std::string_view outcome;  // "ok", an error code name, or "exception"
  std::string_view detail;   // the error's detail or the exception's message
};
using LogSink = void (*)(const UseCaseLogLine& line);
void SetUseCaseLogSink(LogSink sink);

template <class Next>
auto LoggingBehaviour(std::string_view name, const Caller& caller, Next&& next)
    -> decltype(next()) {
  const auto started = std::chrono::steady_clock::now();
  try {
    auto result = next();
    LogUseCase(name, caller, std::chrono::steady_clock::now() - started,
               result ? nullptr : &result.error(), nullptr);
    return result;
  } catch (const std::exception& error) {
    LogUseCase(name, caller, std::chrono::steady_clock::now() - started, nullptr, error.what());
    throw;
  }
}

}  // namespace rampart::application
