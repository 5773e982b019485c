#pragma once
// The outgoing HTTP transport of the harnesses that read what a remote service answers (AWS,
// an issuer's JWKS): every request is answered with the fuzzed status and body.
#include <chrono>
#include <string>

#include "infrastructure/http/http_types.hpp"

namespace rampart::fuzz {

// ScriptedTransport answers every request with `status`, `body` and, when set, `error_code`
// as x-amzn-query-error; it records nothing.
class ScriptedTransport final : public infrastructure::http::HttpTransport {
 public:
  infrastructure::http::HttpResult Send(const infrastructure::http::HttpRequest&,
                                        std::chrono::milliseconds) override {
    infrastructure::http::HttpResponse response;
    response.status = status;
    response.body = body;
    if (!error_code.empty()) response.headers.push_back({"x-amzn-query-error", error_code});
    return response;
  }
  int status = 200;
  std::string body;
  std::string error_code;
};

}  // namespace rampart::fuzz
