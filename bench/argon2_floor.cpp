// The floor of a login: raw Argon2id verifications with rampart's parameters, no server around
// them. bench/run.sh runs it in the same run as the login rows and divides the server's CPU per
// login by this CPU per verification.
//
//   bench_argon2_floor <memory KiB> <iterations> <verifications> <threads> [libsodium|rampart]
//
// libsodium (the default): crypto_pwhash_str_verify, the floor the login target is set against.
// rampart: the server's own hasher (infrastructure/security/argon2_password_hasher: libargon2 on
// pooled memory), so the table can also show what a login costs beyond its own hash.
// Prints one line: BENCH_FLOOR verifications=N cpu_us_per_verification=X wall_s=S.
#include <sodium.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "infrastructure/security/argon2_password_hasher.hpp"

namespace {

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  if ((argc != 5 && argc != 6) || sodium_init() < 0) {
    std::fprintf(stderr,
                 "usage: bench_argon2_floor <memory KiB> <iterations> <count> <threads> "
                 "[libsodium|rampart]\n");
    return 2;
  }
  const std::string core = argc == 6 ? argv[5] : "libsodium";
  if (core != "libsodium" && core != "rampart") {
    std::fprintf(stderr, "bench_argon2_floor: the hash core is libsodium or rampart\n");
    return 2;
  }
  const std::size_t memory = std::strtoull(argv[1], nullptr, 10) * 1024;
  const unsigned long long iterations = std::strtoull(argv[2], nullptr, 10);
  const int count = std::atoi(argv[3]);
  const int threads = std::atoi(argv[4]);
  if (count <= 0 || threads <= 0) {
    std::fprintf(stderr, "bench_argon2_floor: count and threads must be positive\n");
    return 2;
  }
  const std::string password = "bench-floor-password-0123456789";
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), iterations, memory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    std::fprintf(stderr, "bench_argon2_floor: hashing failed (out of memory?)\n");
    return 1;
  }
  // Built before the clock starts, as the server builds its hasher at start.
  const rampart::infrastructure::Argon2PasswordHasher hasher(
      static_cast<std::uint32_t>(memory / 1024), static_cast<std::uint32_t>(iterations));
  const auto verify = [&] {
    if (core == "rampart") return hasher.Verify(hash, password);
    return crypto_pwhash_str_verify(hash, password.data(), password.size()) == 0;
  };
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  const double cpu_before = CpuSeconds();
  const auto wall_before = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (next.fetch_add(1) < count) {
        if (!verify()) ++failures;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  const double cpu = CpuSeconds() - cpu_before;
  if (failures.load() != 0) {
    std::fprintf(stderr, "bench_argon2_floor: %d verifications failed\n", failures.load());
    return 1;
  }
  std::printf("BENCH_FLOOR verifications=%d cpu_us_per_verification=%.1f wall_s=%.3f\n", count,
              cpu * 1e6 / count, wall);
  return 0;
}
