#pragma once
// The request target (RFC 9112 §3.2): rampart serves origin-form targets, "/path?query".
#include <string>
#include <string_view>

namespace rampart::api {

enum class TargetError {
  kNone,
  kNotOriginForm,    // "*", "http://host/x", "x": not a path
  kMalformedEscape,  // "%zz" in the path
  kUnsafePath,       // decodes to a NUL, a '/' (from %2F) or a ".." segment
};

/// Splits `target` into its percent-decoded path and its raw query (without '?'). On error the
/// outputs are unspecified and the request is answered 400.
TargetError ParseTarget(std::string_view target, std::string& path, std::string& query);

}  // namespace rampart::api
