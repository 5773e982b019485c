#pragma once
// Who sends a use case to the dispatcher, and from where.
#include <string>

#include "application/common/request_context.hpp"
#include "application/dispatch/actor.hpp"
#include "application/ports/token_service.hpp"

namespace rampart::application {

struct Caller {
  RequestContext request;
  // The verified access token's claims; null when anonymous (or the system).
  const AccessClaims* principal = nullptr;
  // The actor, when the API already established it for this request (the endpoint guard
  // does): the pipeline then does not check the token again. Must belong to `principal`.
  const Actor* actor = nullptr;
  // The process itself (CLI, start-up seeding): passes every requirement but kAuthenticated,
  // which needs a user.
  bool system = false;

  static Caller Anonymous(RequestContext request) { return {std::move(request)}; }
  static Caller System(std::string what) {
    return {.request = {.ip = "", .user_agent = "rampart", .correlation_id = std::move(what)},
            .system = true};
  }
};

}  // namespace rampart::application
