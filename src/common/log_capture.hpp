#pragma once
// Test-only (header-only): log lines captured in memory instead of stdout, for tests that check
// what a component logs.
#include <spdlog/sinks/base_sink.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/log.hpp"

namespace rampart::log::test_support {

// CaptureSink keeps every formatted line (without its line break).
class CaptureSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> Lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    std::string line(formatted.data(), formatted.size());
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    lines_.push_back(std::move(line));
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

// LogCapture sends log lines at `level` and above to a CaptureSink for the lifetime of the object,
// then turns logging off.
class LogCapture {
 public:
  explicit LogCapture(std::string level = "trace") {
    log::Configure({.level = std::move(level), .sink = sink_});
  }
  ~LogCapture() { log::Configure({.level = "off"}); }
  std::vector<std::string> Lines() { return sink_->Lines(); }

 private:
  std::shared_ptr<CaptureSink> sink_ = std::make_shared<CaptureSink>();
};

}  // namespace rampart::log::test_support
