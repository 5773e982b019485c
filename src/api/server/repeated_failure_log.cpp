#include "api/server/repeated_failure_log.hpp"

namespace rampart::api {

std::optional<std::uint64_t> RepeatedFailureLog::Failed(Clock::time_point now) {
  ++total_;
  ++held_back_;
  if (last_line_ && now - *last_line_ < interval_) return std::nullopt;
  last_line_ = now;
  const auto count = held_back_;
  held_back_ = 0;
  return count;
}

std::optional<std::uint64_t> RepeatedFailureLog::Recovered() {
  if (!last_line_) return std::nullopt;
  last_line_.reset();
  const auto count = held_back_;
  held_back_ = 0;
  if (count == 0) return std::nullopt;
  return count;
}

}  // namespace rampart::api
