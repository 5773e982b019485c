#include "api/server/request_target.hpp"

#include "api/server/percent_decode.hpp"

namespace rampart::api {
namespace {

bool HasDotDotSegment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

TargetError ParseTarget(std::string_view target, std::string& path, std::string& query) {
  if (target.empty() || target.front() != '/') return TargetError::kNotOriginForm;
  const std::size_t question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  query.assign(question == std::string_view::npos ? std::string_view{}
                                                  : target.substr(question + 1));
  if (!PercentDecode(raw_path, path)) return TargetError::kMalformedEscape;
  // An encoded slash would move segment boundaries after routing has no way to tell them
  // apart; a NUL or a ".." has no business in an API path and is a classic traversal probe.
  if (path.find('\0') != std::string::npos || HasDotDotSegment(path))
    return TargetError::kUnsafePath;
  if (path.size() != raw_path.size()) {
    for (std::size_t i = 0; i + 2 < raw_path.size(); ++i) {
      if (raw_path[i] == '%' && raw_path[i + 1] == '2' &&
          (raw_path[i + 2] == 'F' || raw_path[i + 2] == 'f')) {
        return TargetError::kUnsafePath;
      }
    }
  }
  return TargetError::kNone;
}

}  // namespace rampart::api
