#include "infrastructure/http/http_types.hpp"

#include <algorithm>
#include <cctype>

namespace rampart::infrastructure::http {

std::string_view FindHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (header.name.size() == name.size() &&
        std::equal(name.begin(), name.end(), header.name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return header.value;
    }
  }
  return {};
}

std::string_view ToString(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::kResolve:
      return "resolve";
    case TransportErrorKind::kConnect:
      return "connect";
    case TransportErrorKind::kTls:
      return "tls";
    case TransportErrorKind::kTimeout:
      return "timeout";
    case TransportErrorKind::kIo:
      return "io";
    case TransportErrorKind::kProtocol:
      return "protocol";
    case TransportErrorKind::kStopped:
      return "stopped";
  }
  return "io";
}

}  // namespace rampart::infrastructure::http
