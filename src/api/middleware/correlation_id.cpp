#include "api/middleware/correlation_id.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace rampart::api {
namespace {

constexpr std::size_t kMaxLength = 128;

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// Correlation ids need to be unique, not secret: a per-thread generator seeded from the OS is
// enough and costs no system call per request.
std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return generator;
}

}  // namespace

bool IsValidCorrelationId(std::string_view id) {
  if (id.empty() || id.size() > kMaxLength) return false;
  for (const char c : id) {
    if (!IsIdChar(c)) return false;
  }
  return true;
}

std::string NewCorrelationId() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<std::uint8_t, 16> bytes{};
  auto& generator = Generator();
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    const std::uint64_t word = generator();
    for (std::size_t k = 0; k < 8; ++k) bytes[i + k] = static_cast<std::uint8_t>(word >> (8 * k));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string id;
  id.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0F]);
  }
  return id;
}

std::string CorrelationIdFor(std::string_view incoming) {
  return IsValidCorrelationId(incoming) ? std::string(incoming) : NewCorrelationId();
}

boost::asio::awaitable<Response> CorrelationIdMiddleware::Handle(HttpContext& context,
                                                                 const Next& next) {
  Request& request = context.request;
  request.correlation_id = CorrelationIdFor(request.Header("x-correlation-id"));
  Response response = co_await next(context);
  response.SetHeader("X-Correlation-Id", request.correlation_id);
  co_return response;
}

}  // namespace rampart::api
