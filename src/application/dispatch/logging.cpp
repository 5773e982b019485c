#include "application/dispatch/logging.hpp"

#include <atomic>

namespace rampart::application {

namespace {

std::atomic<LogSink> g_sink{nullptr};

std::string_view CodeName(domain::ErrorCode code) {
  switch (code) {
    case domain::ErrorCode::kValidation:
      return "validation";
    case domain::ErrorCode::kUnauthorized:
      return "unauthorized";
    case domain::ErrorCode::kForbidden:
      return "forbidden";
    case domain::ErrorCode::kNotFound:
      return "not-found";
    case domain::ErrorCode::kConflict:
      return "conflict";
    // rampart:begin(iam)
    case domain::ErrorCode::kLocked:
      return "locked";
    // rampart:end
    case domain::ErrorCode::kRateLimited:
      return "rate-limited";
    case domain::ErrorCode::kUnavailable:
      return "unavailable";
    case domain::ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace

void SetUseCaseLogSink(LogSink sink) { g_sink.store(sink, std::memory_order_release); }

void LogUseCase(std::string_view name, const Caller& caller, std::chrono::nanoseconds duration,
                const domain::Error* error, const char* exception) {
  const LogSink sink = g_sink.load(std::memory_order_acquire);
  if (sink == nullptr) return;
  UseCaseLogLine line{.name = name,
                      .correlation_id = caller.request.correlation_id,
                      .duration_ms = std::chrono::duration<double, std::milli>(duration).count(),
                      .outcome = "ok",
                      .detail = {}};
  if (exception != nullptr) {
    line.outcome = "exception";
    line.detail = exception;
  } else if (error != nullptr) {
    line.outcome = CodeName(error->code);
    line.detail = error->detail;
  }
  sink(line);
}

}  // namespace rampart::application
