#pragma once
// Test helpers: run a pipeline stage to completion on a private io_context, capture log lines.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/middleware/middleware.hpp"
#include "common/log.hpp"
#include "common/log_capture.hpp"

namespace rampart::api::testing_support {

// RunToCompletion runs `work` on a private io_context and is its response (or rethrows).
inline Response RunToCompletion(boost::asio::awaitable<Response> work) {
  boost::asio::io_context io;
  std::optional<Response> result;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(work), [&](std::exception_ptr error, Response response) {
    failure = error;
    if (!error) result = std::move(response);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

// RunStage runs `stage` with `next` as the rest of the pipeline.
inline Response RunStage(Middleware& stage, HttpContext& context, const Next& next) {
  return RunToCompletion(stage.Handle(context, next));
}

// Answer is a `next` that answers with `response` and records in `called` that it ran.
inline Next Answer(Response response, bool* called = nullptr) {
  return [response, called](HttpContext&) -> boost::asio::awaitable<Response> {
    if (called) *called = true;
    co_return response;
  };
}

using log::test_support::CaptureSink;
using log::test_support::LogCapture;

// AllHeaders are every header of `response`: `headers`, then the lines of `preset_headers`.
inline std::vector<std::pair<std::string_view, std::string_view>> AllHeaders(
    const Response& response) {
  std::vector<std::pair<std::string_view, std::string_view>> all;
  for (const auto& [key, value] : response.headers) all.emplace_back(key, value);
  std::string_view preset = response.preset_headers;
  while (!preset.empty()) {
    const auto end = preset.find("\r\n");
    const std::string_view line = preset.substr(0, end);
    const auto colon = line.find(": ");
    all.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    preset.remove_prefix(end == std::string_view::npos ? preset.size() : end + 2);
  }
  return all;
}

// HeaderOf is the value of `response`'s header `name` (any case), empty when absent.
inline std::string_view HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [key, value] : AllHeaders(response)) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return {};
}

}  // namespace rampart::api::testing_support
