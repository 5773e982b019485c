// Request targets as the server takes them apart (api/server/request_target.hpp): origin-form
// and absolute-form targets, percent-decoding of the path (strict) and of query parameters
// (lenient, '+' as space), the Host header check, and the router's match of the decoded path
// against rampart's route shapes (literal segments before parameters, with backtracking).
//
// Input: the first byte picks the method and HTTP version; the rest up to the first newline is
// the target, what follows is a Host header value and then query parameter names to look up.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/http/percent_decode.hpp"
#include "api/server/request_target.hpp"
#include "api/http/router.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace rampart::api;

// The route shapes of the endpoint declarations (src/api/endpoints), handlers left empty.
const Router& Routes() {
  static const Router router = [] {
    Router r;
    const std::pair<Method, const char*> routes[] = {
        // rampart:begin(iam)
        {Method::kPost, "/api/v1/auth/login"},
        {Method::kPost, "/api/v1/auth/refresh"},
        {Method::kGet, "/api/v1/users/me"},
        {Method::kPatch, "/api/v1/users/me"},
        {Method::kGet, "/api/v1/users/me/sessions"},
        {Method::kDelete, "/api/v1/users/me/sessions/{id}"},
        {Method::kGet, "/api/v1/users"},
        {Method::kGet, "/api/v1/users/{id}"},
        {Method::kPatch, "/api/v1/users/{id}"},
        {Method::kDelete, "/api/v1/users/{id}"},
        {Method::kGet, "/api/v1/users/{id}/roles"},
        {Method::kPut, "/api/v1/users/{id}/roles"},
        {Method::kPost, "/api/v1/users/{id}/lock"},
        {Method::kGet, "/api/v1/roles/{id}"},
        {Method::kPut, "/api/v1/roles/{id}/permissions"},
        {Method::kGet, "/.well-known/jwks.json"},
        // rampart:end
        {Method::kGet, "/api/v1/notes"},
        {Method::kPost, "/api/v1/notes"},
        {Method::kGet, "/api/v1/notes/{id}"},
        {Method::kPatch, "/api/v1/notes/{id}"},
        {Method::kDelete, "/api/v1/notes/{id}"},
        {Method::kGet, "/api/v1/audit-events"},
        {Method::kGet, "/api/v1/features"},
        {Method::kGet, "/problems/{slug}"},
        {Method::kGet, "/"},
    };
    for (const auto& [method, route] : routes) {
      r.Add(Endpoint{.method = method, .route = route, .handler = [](Request&) {
                       return Response::NoContent();
                     }});
    }
    return r;
  }();
  return router;
}

std::string_view NextLine(std::string_view& rest) {
  const auto newline = rest.find('\n');
  const auto line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr Method kMethods[] = {Method::kGet,   Method::kHead,   Method::kPost,
                                 Method::kPut,   Method::kPatch,  Method::kDelete,
                                 Method::kOptions, Method::kUnknown};
  const Method method = kMethods[data[0] % 8];
  const unsigned version = (data[0] & 0x80) ? 10 : 11;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string_view target = NextLine(rest);

  Request request;
  request.method = method;
  request.target = std::string(target);
  std::string authority;
  const TargetError error = ParseTarget(target, request.path, request.query, &authority);
  if (error == TargetError::kNone) {
    // What the router and the handlers rely on.
    FUZZ_CHECK(request.path.starts_with('/'));
    FUZZ_CHECK(request.path.find('\0') == std::string::npos);
    FUZZ_CHECK(request.path.find("/../") == std::string::npos && !request.path.ends_with("/.."));
    FUZZ_CHECK(request.query.size() <= target.size());
    const auto match = Routes().Find(method, request.path);
    if (match.status == Router::MatchStatus::kFound) {
      FUZZ_CHECK(match.endpoint != nullptr);
      for (const auto& [name, value] : match.params) {
        FUZZ_CHECK(!value.empty() && value.find('/') == std::string::npos);
      }
    } else if (match.status == Router::MatchStatus::kMethodNotAllowed) {
      FUZZ_CHECK(!match.allowed.empty());
      (void)AllowHeaderValue(match.allowed);
    }
  }

  request.headers.emplace_back("host", std::string(NextLine(rest)));
  (void)HasValidHost(request.headers, version);

  while (!rest.empty()) (void)request.QueryParam(NextLine(rest));

  // Decoding the whole input both ways: never longer than the input.
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  std::string decoded;
  (void)PercentDecode(all, decoded, false);
  FUZZ_CHECK(decoded.size() <= all.size());
  (void)PercentDecode(all, decoded, true);
  FUZZ_CHECK(decoded.size() <= all.size());
  return 0;
}
