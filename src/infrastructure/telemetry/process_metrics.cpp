#include "infrastructure/telemetry/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace rampart::infrastructure::telemetry {
namespace {

using rampart::telemetry::MetricType;
using rampart::telemetry::Observer;

// Seconds since the epoch at which the system booted ("btime" in /proc/stat).
double BootTimeSeconds() {
  std::ifstream stat("/proc/stat");
  std::string key;
  double value = 0;
  while (stat >> key) {
    if (key == "btime" && stat >> value) return value;
    stat.ignore(1 << 20, '\n');
  }
  return 0;
}

}  // namespace

std::optional<ProcessStats> ReadProcessStats() {
  std::ifstream file("/proc/self/stat");
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::vector<std::string> values;
  for (std::string value; fields >> value;) values.push_back(value);
  // values[0] is field 3 (state): field N is values[N - 3].
  if (values.size() < 22) return std::nullopt;
  const auto field = [&](int n) { return std::stod(values[static_cast<std::size_t>(n - 3)]); };
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  static const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  static const double boot = BootTimeSeconds();

  ProcessStats stats;
  stats.cpu_seconds = (field(14) + field(15)) / ticks;
  stats.threads = field(20);
  stats.start_time_seconds = boot + field(22) / ticks;
  stats.virtual_bytes = field(23);
  stats.resident_bytes = field(24) * page;
  std::error_code error;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    stats.open_fds += 1;
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) stats.max_fds = static_cast<double>(limit.rlim_cur);
  return stats;
}

std::vector<rampart::telemetry::CallbackHandle> RegisterProcessMetrics(
    rampart::telemetry::Registry& registry) {
  struct Spec {
    const char* name;
    const char* description;
    const char* unit;
    MetricType type;
    double ProcessStats::*field;
  };
  static constexpr Spec kSpecs[] = {
      {"process.resident_memory", "Resident memory size.", "By", MetricType::kGauge,
       &ProcessStats::resident_bytes},
      {"process.virtual_memory", "Virtual memory size.", "By", MetricType::kGauge,
       &ProcessStats::virtual_bytes},
      {"process.cpu", "User and system CPU time spent.", "s", MetricType::kCounter,
       &ProcessStats::cpu_seconds},
      {"process.open_fds", "Open file descriptors.", "1", MetricType::kGauge,
       &ProcessStats::open_fds},
      {"process.max_fds", "Maximum number of open file descriptors.", "1", MetricType::kGauge,
       &ProcessStats::max_fds},
      {"process.threads", "Operating system threads of the process.", "1", MetricType::kGauge,
       &ProcessStats::threads},
      {"process.start_time", "Start time of the process since the Unix epoch.", "s",
       MetricType::kGauge, &ProcessStats::start_time_seconds},
  };
  std::vector<rampart::telemetry::CallbackHandle> handles;
  for (const Spec& spec : kSpecs) {
    handles.push_back(registry.AddCallback(
        {.name = spec.name, .description = spec.description, .unit = spec.unit, .type = spec.type},
        [field = spec.field](Observer& out) {
          if (const auto stats = ReadProcessStats()) out.Observe((*stats).*field);
        }));
  }
  return handles;
}

}  // namespace rampart::infrastructure::telemetry
