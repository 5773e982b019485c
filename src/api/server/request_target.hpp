#pragma once
// The request target and the Host header (RFC 9112 §3.2): rampart serves origin-form targets,
// "/path?query", and absolute-form ones, "http://host/path?query", which a server must accept
// (§3.2.2) although only proxies are sent them.
#include <string>
#include <string_view>

#include "api/http/http.hpp"

namespace rampart::api {

// TargetError is why a request target is refused; kNone when it is not.
enum class TargetError {
  kNone,
  kNotOriginForm,    // "*", "x", "ftp://host/x", "http://user@host/x": not a path we serve
  kMalformedEscape,  // "%zz" in the path
  kUnsafePath,       // decodes to a NUL, a '/' (from %2F) or a ".." segment
};

// ParseTarget splits `target` into its percent-decoded path and its raw query (without '?'). An
// absolute-form target ("http://" or "https://", any case) gives its path ("/" when it has
// none) and query; `authority`, when given, receives its host[:port] (empty for origin-form).
// On error the outputs are unspecified and the request is answered 400.
TargetError ParseTarget(std::string_view target, std::string& path, std::string& query,
                        std::string* authority = nullptr);

// HasValidHost says whether the Host headers of a request of HTTP `version` (10, 11) are
// acceptable: at most one, exactly one from HTTP/1.1 on, and a syntactically valid
// uri-host[:port] (or empty). RFC 9112 §3.2 has the server answer 400 otherwise.
bool HasValidHost(const Headers& headers, unsigned version);

}  // namespace rampart::api
