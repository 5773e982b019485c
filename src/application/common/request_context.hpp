#pragma once
#include <string>

namespace rampart::application {

// RequestContext: who is calling from where; recorded on sessions and audit events.
struct RequestContext {
  std::string ip;
  std::string user_agent;
  std::string correlation_id;
};

}  // namespace rampart::application
