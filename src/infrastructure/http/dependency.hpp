#pragma once
// One outgoing dependency (SQS, the AWS credential endpoints, an OTLP collector ...) behind a
// resilience policy: a deadline per attempt and overall, retries with full-jitter exponential
// backoff for retryable outcomes only, a retry budget, a circuit breaker and a bulkhead. Each
// call is counted by outcome, attempts and duration (metrics labelled `dependency`), and every
// change of the breaker's state is logged once (component `outbound`).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "infrastructure/http/http_types.hpp"
#include "infrastructure/resilience/bulkhead.hpp"
#include "infrastructure/resilience/circuit_breaker.hpp"
#include "infrastructure/resilience/retry_budget.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::http {

struct DependencyPolicy {
  std::chrono::milliseconds attempt_timeout{2000};  // one exchange
  std::chrono::milliseconds total_timeout{10000};   // every attempt and wait of one call
  int max_attempts = 3;                             // 1: no retries
  std::chrono::milliseconds backoff_initial{100};   // ceiling of the first retry's delay
  std::chrono::milliseconds backoff_max{2000};
  double retry_budget_ratio = 0.2;  // retries may add this share of the calls (plus 1/s)
  int breaker_failures = 5;         // consecutive failed attempts that open the breaker
  std::chrono::milliseconds breaker_open_for{5000};
  std::size_t max_concurrent = 64;  // calls in progress at once; beyond: refused at once
};

// Verdict: what an answer means for the call.
enum class Verdict {
  kSuccess,    // done
  kPermanent,  // answered, and the same request would fail again (a 4xx): done, no retry
  kThrottled,  // the dependency is alive but refuses load (429, a throttling code): retry
  kRetryable,  // the dependency failed (5xx): retry, and a breaker failure
};

using Classifier = std::function<Verdict(const HttpResponse&)>;

// ClassifyStatus: 2xx/3xx success; 429 throttled; 5xx other than 501 retryable; the rest permanent.
Verdict ClassifyStatus(const HttpResponse& response);

// CallFailure: why a call produced no response.
enum class CallFailure {
  kBreakerOpen,   // refused without trying: the breaker is open
  kBulkheadFull,  // refused without trying: max_concurrent calls in progress
  kTransport,     // no answer on any attempt (resolve, connect, TLS, I/O)
  kTimeout,       // the attempt or the overall deadline passed without an answer
  kStopped,       // the client is shutting down
};

struct CallError {
  CallFailure kind = CallFailure::kTransport;
  std::string message;  // what went wrong, with the dependency's name; never a header or body
};

using CallResult = std::expected<HttpResponse, CallError>;

// DependencyHooks: test seams; production uses the defaults.
struct DependencyHooks {
  std::function<void(std::chrono::milliseconds)> sleep;  // between attempts
  std::uint64_t seed = 0;                                // 0: a random seed
};

class Dependency {
 public:
  // Dependency throws std::invalid_argument for a policy that cannot work (no attempts, zero
  // timeouts).
  Dependency(std::string name, DependencyPolicy policy, HttpTransport& transport,
             rampart::telemetry::Registry& registry = rampart::telemetry::Metrics(),
             DependencyHooks hooks = {});

  // Call calls the dependency: `make` builds each attempt's request (so that it can be signed
  // anew), `classify` judges each answer. Returns the last answer whenever one arrived — the caller
  // reads an error status itself — and a CallError only when none did. Blocks the calling thread
  // for at most policy.total_timeout + allowance, and never longer than `limit`. `allowance`
  // lengthens both deadlines for a call that waits on purpose (a long poll); `limit` shortens the
  // call for a caller with less time (a shutdown). Thread-safe.
  CallResult Call(const std::function<HttpRequest()>& make,
                  const Classifier& classify = ClassifyStatus,
                  std::chrono::milliseconds allowance = {},
                  std::chrono::milliseconds limit = std::chrono::milliseconds::max());

  const std::string& Name() const { return name_; }
  const DependencyPolicy& Policy() const { return policy_; }
  resilience::CircuitBreaker::State BreakerState() const;
  std::size_t InFlight() const { return bulkhead_.InUse(); }

 private:
  void ObserveBreaker();
  void Finish(std::string_view outcome, int attempts, std::chrono::steady_clock::time_point start);

  const std::string name_;
  const DependencyPolicy policy_;
  HttpTransport& transport_;
  DependencyHooks hooks_;
  resilience::CircuitBreaker breaker_;
  resilience::RetryBudget budget_;
  resilience::Bulkhead bulkhead_;
  rampart::telemetry::CounterFamily& calls_;
  rampart::telemetry::Counter& attempts_;
  rampart::telemetry::Histogram& duration_;
  rampart::telemetry::Gauge& breaker_gauge_;
  std::mutex state_mutex_;  // guards reported_ and seeds_
  resilience::CircuitBreaker::State reported_ = resilience::CircuitBreaker::State::kClosed;
  std::uint64_t seeds_;
};

}  // namespace rampart::infrastructure::http
