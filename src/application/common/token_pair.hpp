#pragma once
#include <chrono>
#include <string>

namespace rampart::application {

// TokenPair: what a successful login or refresh returns to the client.
struct TokenPair {
  std::string access_token;
  std::string refresh_token;  // opaque; the database keeps only its hash
  std::chrono::seconds expires_in{};
};

}  // namespace rampart::application
