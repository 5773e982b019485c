#pragma once
// Maps (method, path) to an Endpoint. Built once at start-up, then read concurrently by every
// I/O thread without locks.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/http.hpp"

namespace rampart::api {

// Router maps (method, path) to the registered Endpoint.
class Router {
 public:
  enum class MatchStatus { kFound, kNotFound, kMethodNotAllowed };

  // Match is what Find found: the endpoint and its parameters, or what the path answers to.
  struct Match {
    MatchStatus status = MatchStatus::kNotFound;
    const Endpoint* endpoint = nullptr;                       // when kFound
    std::vector<std::pair<std::string, std::string>> params;  // when kFound, in route order
    std::vector<Method> allowed;  // when kMethodNotAllowed: what the path answers to
    std::string_view route;       // when kMethodNotAllowed: the path's route template
  };

  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Add registers an endpoint. Route templates are absolute paths whose segments are literals
  // or `{name}` (exactly one non-empty segment). Throws std::logic_error for a malformed
  // template, a second endpoint with the same method and route shape, or an endpoint without a
  // method, a handler or (Access::kPermission) a permission: that is a programming error, found
  // at start-up. Must not be called once Find() may run.
  void Add(Endpoint endpoint);

  // Find is the match for `method` and a percent-decoded path. Literal segments win over
  // parameters (with backtracking: `/widgets/mine/parts` still reaches `/widgets/{id}/parts`); a
  // trailing slash is a different path; HEAD is served by a GET route when there is no HEAD
  // route. A parameter whose value is a UUID in any case is bound in lower case (its canonical
  // form).
  Match Find(Method method, std::string_view path) const;

  // Endpoints are the registered endpoints, in the order added.
  const std::vector<Endpoint>& Endpoints() const { return endpoints_; }

 private:
  struct Node;
  struct Walk;

  std::unique_ptr<Node> root_;
  std::vector<Endpoint> endpoints_;
  std::vector<std::vector<std::string>> param_names_;  // per endpoint, in route order
};

// AllowHeaderValue is the value of an Allow header listing `methods`: "GET, HEAD, PATCH".
std::string AllowHeaderValue(const std::vector<Method>& methods);

}  // namespace rampart::api
