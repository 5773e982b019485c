#include "api/middleware/access_log.hpp"

#include <array>
#include <cmath>

#include "common/log.hpp"
#include "telemetry/context.hpp"

namespace rampart::api {
namespace {

constexpr std::string_view kComponent = "http";

// A probe by route (known once routing ran): health checks, and metrics scrapes that succeeded.
bool IsProbe(const Request& request, int status) {
  if (request.route == "/health/live" || request.route == "/health/ready") return true;
  return request.route == "/metrics" && status < 300;
}

}  // namespace

void LogAccess(const Request& request, int status, std::size_t bytes,
               std::chrono::steady_clock::duration elapsed) {
  const log::Level level = status >= 500 ? log::Level::warn : log::Level::info;
  if (!log::Enabled(level, kComponent)) return;
  telemetry::ContextScope scope(request.telemetry);
  const double duration_ms =
      std::round(std::chrono::duration<double, std::milli>(elapsed).count() * 1000.0) / 1000.0;
  std::array<log::Field, 9> fields{
      log::Field{"method", ToString(request.method)},
      log::Field{"path", request.path},
      log::Field{"status", status},
      log::Field{"durationMs", duration_ms},
      log::Field{"correlationId", request.correlation_id},
      log::Field{"clientIp", request.client_ip},
      log::Field{"bytes", bytes},
      log::Field{"route", request.route},
      log::Field{"userId", request.principal ? std::string_view(request.principal->subject)
                                             : std::string_view()},
  };
  // The last two (route, userId) only when known: move them down over the unknown ones.
  std::size_t count = 7;
  if (!request.route.empty()) fields[count++] = fields[7];
  if (request.principal) fields[count++] = fields[8];
  log::Write(level, kComponent, "request", std::span<const log::Field>(fields.data(), count));
}

boost::asio::awaitable<Response> AccessLogMiddleware::Handle(HttpContext& context,
                                                             const Next& next) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<Response> response;
  try {
    response = co_await next(context);
  } catch (...) {
    // The error boundary normally turns exceptions into a 500; should one get past it, the
    // request is still logged before the server's last resort answers.
    LogAccess(context.request, 500, 0, std::chrono::steady_clock::now() - started);
    throw;
  }
  if (options_.log_probes || !IsProbe(context.request, response->status)) {
    LogAccess(context.request, response->status, response->body.size(),
              std::chrono::steady_clock::now() - started);
  }
  co_return std::move(*response);
}

}  // namespace rampart::api
