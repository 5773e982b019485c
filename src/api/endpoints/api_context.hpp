#pragma once
#include <functional>
#include <string>

#include "application/common/services.hpp"

namespace rampart::api {

// What the endpoint handlers need from the composition root.
struct ApiContext {
  application::Services& services;
  std::string issuer;                     // e.g. "https://id.example.com"
  std::function<std::string()> jwks_json;  // the published verification keys
  std::string version;
};

}  // namespace rampart::api
