#pragma once
// Requests for the binder and binding tests: no server, no socket.
#include <string>
#include <utility>
#include <vector>

#include "api/http/http.hpp"

namespace rampart::api::testing {

// JsonRequest is a request with `body` sent as application/json, its path parameters and query.
inline Request JsonRequest(std::string body,
                           std::vector<std::pair<std::string, std::string>> path_params = {},
                           std::string query = {}) {
  Request request;
  request.method = Method::kPost;
  request.headers = {{"content-type", "application/json"}};
  request.body = std::move(body);
  request.path_params = std::move(path_params);
  request.query = std::move(query);
  return request;
}

}  // namespace rampart::api::testing
