#pragma once
#include <string>

namespace rampart::application {

// Who is calling from where; recorded on sessions and audit events.
struct RequestContext {
  std::string ip;
  std::string user_agent;
  std::string correlation_id;
};

}  // namespace rampart::application
