#include "infrastructure/security/jws_compact.hpp"

namespace rampart::infrastructure {

std::optional<CompactJws> SplitCompactJws(std::string_view token, std::size_t max_size) {
  if (token.empty() || token.size() > max_size) return std::nullopt;
  const auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;
  const auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  CompactJws jws{.header = token.substr(0, first_dot),
                 .payload = token.substr(first_dot + 1, second_dot - first_dot - 1),
                 .signature = token.substr(second_dot + 1),
                 .signing_input = token.substr(0, second_dot)};
  if (jws.header.empty() || jws.payload.empty() || jws.signature.empty()) return std::nullopt;
  return jws;
}

}  // namespace rampart::infrastructure
