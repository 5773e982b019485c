#pragma once
// Process statistics from /proc/self, read at each collection: resident and virtual memory,
// CPU time, open and maximum file descriptors, threads, start time (the names Prometheus'
// own client libraries use, e.g. process_resident_memory_bytes).
#include <optional>
#include <vector>

#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::telemetry {

struct ProcessStats {
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double cpu_seconds = 0;  // user + system
  double open_fds = 0;
  double max_fds = 0;
  double threads = 0;
  double start_time_seconds = 0;  // since the Unix epoch
};

// ReadProcessStats returns this process's statistics now; nullopt when /proc is not readable.
std::optional<ProcessStats> ReadProcessStats();

// RegisterProcessMetrics registers the process metrics in `registry`; they stay registered while
// the handles live.
std::vector<rampart::telemetry::CallbackHandle> RegisterProcessMetrics(
    rampart::telemetry::Registry& registry);

}  // namespace rampart::infrastructure::telemetry
