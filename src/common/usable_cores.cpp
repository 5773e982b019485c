#include "common/usable_cores.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace rampart {
namespace {

std::optional<double> Number(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// CPUs in this thread's affinity mask (inherited by the threads it starts).
int AffinityCores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

// The lowest cpu.max limit on this process's cgroup v2 path (its own and every ancestor's: a
// limit on a parent binds the children too); nullopt without cgroup v2 or without a limit.
std::optional<double> CgroupQuota() {
  std::ifstream cgroups("/proc/self/cgroup");
  std::string line;
  std::filesystem::path path;
  bool found = false;
  while (std::getline(cgroups, line)) {
    if (line.starts_with("0::")) {  // the unified (v2) hierarchy
      path = line.substr(3);
      found = true;
    }
  }
  if (!found) return std::nullopt;
  std::optional<double> lowest;
  for (std::filesystem::path dir = path;; dir = dir.parent_path()) {
    std::ifstream file("/sys/fs/cgroup" / dir.relative_path() / "cpu.max");
    std::string cpu_max;
    if (file && std::getline(file, cpu_max)) {
      if (const auto limit = CpuMaxLimit(cpu_max); limit && (!lowest || *limit < *lowest)) {
        lowest = limit;
      }
    }
    if (dir == dir.parent_path() || dir.empty()) break;
  }
  return lowest;
}

}  // namespace

std::optional<double> CpuMaxLimit(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.remove_suffix(1);
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto quota = Number(line.substr(0, space));  // "max" is no number: no limit
  const auto period = Number(line.substr(space + 1));
  if (!quota || !period || *quota <= 0 || *period <= 0) return std::nullopt;
  return *quota / *period;
}

int CoresWithin(int affinity, std::optional<double> quota) {
  int cores = std::max(1, affinity);
  if (quota) cores = std::min(cores, static_cast<int>(std::ceil(*quota - 1e-9)));
  return std::max(1, cores);
}

int UsableCores() { return CoresWithin(AffinityCores(), CgroupQuota()); }

}  // namespace rampart
