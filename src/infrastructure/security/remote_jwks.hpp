#pragma once
// The signing keys of an external token issuer (a rampart instance, any OAuth server publishing
// ES256 keys), fetched from its JWKS over the outgoing HTTP client and kept in memory:
//
//   - fetched at start (Refresh, on the caller's thread) and then by a refresher thread of its
//     own every `refresh_interval` (rampart serves its JWKS with max-age=300: 5 minutes);
//   - fetched again when a token names a kid that is not known (the issuer rotated and this
//     copy is older than its next key), but at most once per `min_refetch_interval`: a flood of
//     tokens with made-up kids costs the issuer one request per interval, never one per token;
//   - a failed fetch keeps the keys in use and is tried again after `min_refetch_interval`.
//
// Verification never waits on the network (it runs on the I/O threads): a token whose kid is
// unknown is refused at once, and the refetch it asked for lets the next one through.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "application/ports/clock.hpp"
#include "domain/time.hpp"
#include "infrastructure/http/dependency.hpp"
#include "infrastructure/security/jwks.hpp"

namespace rampart::infrastructure {

struct RemoteJwksOptions {
  std::string url;  // the JWKS, e.g. JwksUrlOf(issuer)
  std::chrono::seconds refresh_interval{300};
  std::chrono::seconds min_refetch_interval{30};
  std::size_t max_bytes = std::size_t{64} * 1024;  // a larger answer is refused
};

// JwksUrlOf returns `issuer` + "/.well-known/jwks.json" (one slash between them), or std::nullopt
// when the issuer is not an absolute http(s) URL without query or fragment.
std::optional<std::string> JwksUrlOf(std::string_view issuer);

// RemoteJwks: see above. Thread-safe. `issuer` (the outgoing dependency with its policy:
// timeouts, retries, breaker) and `clock` must outlive it.
class RemoteJwks {
 public:
  // Throws std::invalid_argument for a URL that is not http(s) or intervals that are not positive.
  RemoteJwks(RemoteJwksOptions options, http::Dependency& issuer, const application::Clock& clock);
  // Stops the refresher (waiting for a fetch in progress).
  ~RemoteJwks();
  RemoteJwks(const RemoteJwks&) = delete;
  RemoteJwks& operator=(const RemoteJwks&) = delete;

  // Refresh fetches the JWKS now, on the calling thread (blocking for at most the dependency's
  // timeout), and replaces the keys when the answer is a 200 with a valid JWKS; otherwise logs
  // why, keeps the keys in use and returns false.
  bool Refresh();
  // Start starts the refresher thread (see above). Once.
  void Start();

  // Find returns the key with this kid, or null. Never blocks on the network.
  std::shared_ptr<const Es256PublicKey> Find(std::string_view kid) const;
  // OnUnknownKid asks the refresher for a fetch, unless a fetch was asked (or made) within
  // min_refetch_interval; returns whether it asked. Never blocks on the network.
  bool OnUnknownKid();

  // Fetches counts the fetches made so far, failed ones included.
  std::uint64_t Fetches() const;
  // WaitForFetches blocks until Fetches() >= count or `timeout` passed; returns whether it got
  // there (for tests, and a start that waits for the first keys).
  bool WaitForFetches(std::uint64_t count, std::chrono::milliseconds timeout) const;
  // KeyCount returns how many keys are in use.
  std::size_t KeyCount() const;

 private:
  void RunRefresher();

  const RemoteJwksOptions options_;
  const http::Url url_;
  http::Dependency& issuer_;
  const application::Clock& clock_;

  std::atomic<std::shared_ptr<const JwksKeys>> keys_;  // read by every verification
  mutable std::mutex mutex_;                           // guards everything below
  mutable std::condition_variable changed_;
  std::uint64_t fetches_ = 0;
  bool last_fetch_ok_ = false;
  bool refetch_asked_ = false;
  std::optional<domain::TimePoint> last_refetch_at_;  // when an unknown kid last asked
  bool stopping_ = false;
  std::thread refresher_;
};

}  // namespace rampart::infrastructure
