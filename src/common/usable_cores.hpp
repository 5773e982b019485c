#pragma once
// How many CPUs this process may really use, for the default thread counts: the CPUs of its
// affinity mask (`taskset`, Kubernetes' static CPU manager) lowered to its cgroup v2 CPU quota
// (`cpu.max`, what a container's CPU limit becomes). std::thread::hardware_concurrency() counts
// the machine's CPUs instead: a 1-CPU container on a 64-core node would get 64 threads.
#include <optional>
#include <string_view>

namespace rampart {

// UsableCores returns at least 1.
int UsableCores();

// CpuMaxLimit returns the CPUs allowed by a cgroup v2 `cpu.max` line ("<quota> <period>" in
// microseconds, or "max <period>" for no limit): quota / period (1.5 for "150000 100000"); nullopt
// for no limit or a line it cannot read.
std::optional<double> CpuMaxLimit(std::string_view line);

// CoresWithin: `affinity` CPUs lowered to the quota (rounded up: half a CPU still needs a thread),
// at least 1.
int CoresWithin(int affinity, std::optional<double> quota);

}  // namespace rampart
