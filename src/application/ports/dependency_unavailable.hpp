#pragma once
#include <stdexcept>
#include <string>

namespace rampart::application {

// DependencyUnavailable: thrown by an adapter when a required dependency (the database) cannot
// serve the call right now: unreachable, circuit open, pool exhausted, call timed out. Not a bug
// and not the caller's fault: the API answers 503 problem+json with Retry-After, and the request
// may be retried. `what()` is for operators (logs); clients get a generic detail.
class DependencyUnavailable : public std::runtime_error {
 public:
  DependencyUnavailable(std::string dependency, const std::string& reason)
      : std::runtime_error(dependency + ": " + reason), dependency_(std::move(dependency)) {}
  const std::string& dependency() const { return dependency_; }

 private:
  std::string dependency_;
};

}  // namespace rampart::application
