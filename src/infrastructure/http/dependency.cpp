#include "infrastructure/http/dependency.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <thread>

#include "common/log.hpp"
#include "infrastructure/resilience/backoff.hpp"

namespace rampart::infrastructure::http {

namespace {

using Clock = std::chrono::steady_clock;
using State = resilience::CircuitBreaker::State;
constexpr std::string_view kComponent = "outbound";

const DependencyPolicy& Checked(const DependencyPolicy& policy) {
  if (policy.max_attempts < 1 || policy.attempt_timeout.count() <= 0 ||
      policy.total_timeout.count() <= 0 || policy.max_concurrent < 1) {
    throw std::invalid_argument(
        "dependency policy: need max_attempts >= 1, timeouts > 0 and max_concurrent >= 1");
  }
  return policy;
}

// 0 closed, 1 half-open, 2 open: the gauge's values.
std::int64_t GaugeValue(State state) {
  switch (state) {
    case State::kClosed:
      return 0;
    case State::kHalfOpen:
      return 1;
    case State::kOpen:
      return 2;
  }
  return 2;
}

std::string_view OutcomeOf(const HttpResult& result, Verdict verdict) {
  if (!result) {
    return result.error().kind == TransportErrorKind::kTimeout ? "timeout" : "transport_error";
  }
  switch (verdict) {
    case Verdict::kSuccess:
      return "success";
    case Verdict::kPermanent:
      return "client_error";
    case Verdict::kThrottled:
      return "throttled";
    case Verdict::kRetryable:
      return "server_error";
  }
  return "server_error";
}

}  // namespace

Verdict ClassifyStatus(const HttpResponse& response) {
  if (response.status >= 200 && response.status < 400) return Verdict::kSuccess;
  if (response.status == 429) return Verdict::kThrottled;
  if (response.status >= 500 && response.status != 501) return Verdict::kRetryable;
  return Verdict::kPermanent;
}

Dependency::Dependency(std::string name, DependencyPolicy policy, HttpTransport& transport,
                       rampart::telemetry::Registry& registry, DependencyHooks hooks)
    : name_(std::move(name)),
      policy_(Checked(policy)),
      transport_(transport),
      hooks_(std::move(hooks)),
      breaker_(
          {.failure_threshold = policy_.breaker_failures, .open_for = policy_.breaker_open_for}),
      budget_({.ratio = policy_.retry_budget_ratio}),
      bulkhead_(policy_.max_concurrent),
      calls_(registry.Counter("rampart.dependency.calls",
                              "Calls to an outgoing dependency by outcome (after retries).",
                              "{call}", {"dependency", "outcome"})),
      attempts_(registry
                    .Counter("rampart.dependency.attempts",
                             "Attempts (first tries and retries) sent to an outgoing dependency.",
                             "{attempt}", {"dependency"})
                    .With({name_})),
      duration_(registry
                    .Histogram("rampart.dependency.duration",
                               "Duration of calls to an outgoing dependency, retries included.",
                               "s", {"dependency"})
                    .With({name_})),
      breaker_gauge_(registry
                         .Gauge("rampart.dependency.breaker_state",
                                "Circuit breaker of an outgoing dependency as of its last call: "
                                "0 closed, 1 half-open, 2 open.",
                                "1", {"dependency"})
                         .With({name_})),
      seeds_(hooks_.seed != 0 ? hooks_.seed : std::random_device{}()) {
  if (!hooks_.sleep)
    hooks_.sleep = [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
  breaker_gauge_.Set(0);
}

State Dependency::BreakerState() const { return breaker_.CurrentState(); }

void Dependency::ObserveBreaker() {
  const State now = breaker_.CurrentState();
  std::lock_guard lock(state_mutex_);
  if (now == reported_) return;
  const State before = reported_;
  reported_ = now;
  breaker_gauge_.Set(GaugeValue(now));
  const auto level = now == State::kOpen ? log::Level::warn : log::Level::info;
  log::Write(level, kComponent, "circuit breaker changed state",
             {{"dependency", name_},
              {"from", resilience::ToString(before)},
              {"to", resilience::ToString(now)}});
}

void Dependency::Finish(std::string_view outcome, int attempts, Clock::time_point start) {
  calls_.With({name_, outcome}).Add();
  attempts_.Add(static_cast<std::uint64_t>(attempts));
  duration_.Record(std::chrono::duration<double>(Clock::now() - start).count());
}

CallResult Dependency::Call(const std::function<HttpRequest()>& make, const Classifier& classify,
                            std::chrono::milliseconds allowance, std::chrono::milliseconds limit) {
  const auto start = Clock::now();
  const auto deadline = start + std::min(policy_.total_timeout + allowance, limit);
  const auto attempt_timeout = policy_.attempt_timeout + allowance;
  auto permit = bulkhead_.TryAcquire();
  if (!permit) {
    Finish("bulkhead_full", 0, start);
    return std::unexpected(CallError{
        CallFailure::kBulkheadFull,
        name_ + ": " + std::to_string(policy_.max_concurrent) + " calls in progress already"});
  }
  budget_.Deposit();
  std::uint64_t seed;
  {
    std::lock_guard lock(state_mutex_);
    seed = seeds_++;
  }
  resilience::Backoff backoff({.initial = policy_.backoff_initial,
                               .max = std::max(policy_.backoff_max, policy_.backoff_initial),
                               .multiplier = 2.0,
                               .jitter = resilience::Jitter::kFull},
                              seed);
  std::optional<HttpResult> last;
  Verdict verdict = Verdict::kRetryable;
  int attempts = 0;
  for (;;) {
    const bool allowed = breaker_.Allow();
    ObserveBreaker();
    if (!allowed) {
      if (last) break;  // report what the earlier attempt got
      Finish("breaker_open", 0, start);
      return std::unexpected(
          CallError{CallFailure::kBreakerOpen, name_ + ": circuit breaker open"});
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    ++attempts;
    last = transport_.Send(make(), std::min(attempt_timeout, left));
    if (!*last && last->error().kind == TransportErrorKind::kStopped) {
      breaker_.RecordSuccess();  // not the dependency's fault
      break;
    }
    verdict = *last ? classify(**last) : Verdict::kRetryable;
    if (!*last || verdict == Verdict::kRetryable) {
      breaker_.RecordFailure();
    } else {
      breaker_.RecordSuccess();
    }
    ObserveBreaker();
    if (verdict == Verdict::kSuccess || verdict == Verdict::kPermanent) break;
    if (attempts >= policy_.max_attempts) break;
    const auto delay = backoff.Next();
    if (Clock::now() + delay >= deadline) break;
    if (!budget_.TryWithdraw()) {
      log::Debug(kComponent, "retry refused: the retry budget is spent", {{"dependency", name_}});
      break;
    }
    hooks_.sleep(delay);
  }
  if (!last) {
    Finish("timeout", attempts, start);
    return std::unexpected(CallError{CallFailure::kTimeout, name_ + ": deadline passed"});
  }
  Finish(OutcomeOf(*last, verdict), attempts, start);
  if (*last) return std::move(**last);
  const auto& error = last->error();
  const auto kind = error.kind == TransportErrorKind::kTimeout   ? CallFailure::kTimeout
                    : error.kind == TransportErrorKind::kStopped ? CallFailure::kStopped
                                                                 : CallFailure::kTransport;
  return std::unexpected(CallError{kind, name_ + ": " + error.message + " (after " +
                                             std::to_string(attempts) + " attempt" +
                                             (attempts == 1 ? ")" : "s)")});
}

}  // namespace rampart::infrastructure::http
