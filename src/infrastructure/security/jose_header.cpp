#include "infrastructure/security/jose_header.hpp"

#include <boost/json.hpp>

namespace rampart::infrastructure {

std::string EncodeHeader(SigningAlgorithm algorithm, std::string_view kid) {
  return boost::json::serialize(boost::json::object{
      {"alg", ToString(algorithm)},
      {"typ", "at+jwt"},  // RFC 9068: an OAuth 2.0 access token, not an ID token
      {"kid", kid},
  });
}

std::optional<AcceptedHeader> AcceptHeader(std::string_view header_json) {
  unsigned char buffer[1024];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  boost::system::error_code error;
  const boost::json::value header = boost::json::parse(header_json, error, &memory);
  if (error) return std::nullopt;
  const auto* object = header.if_object();
  if (object == nullptr) return std::nullopt;

  const auto* alg = object->if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return std::nullopt;
  const auto algorithm = ParseSigningAlgorithm(alg->get_string());
  if (!algorithm) return std::nullopt;
  // RFC 9068 §4: a resource server MUST check that `typ` is at+jwt, so that another kind of
  // JWT signed by the same key (an ID token, a generic "JWT") is never taken for an access token.
  const auto* typ = object->if_contains("typ");
  if (typ == nullptr || !typ->is_string()) return std::nullopt;
  if (typ->get_string() != "at+jwt" && typ->get_string() != "application/at+jwt") return std::nullopt;
  if (object->contains("crit")) return std::nullopt;
  const auto* kid = object->if_contains("kid");
  if (kid == nullptr || !kid->is_string() || kid->get_string().empty()) return std::nullopt;
  return AcceptedHeader{.algorithm = *algorithm, .kid = std::string(kid->get_string())};
}

}  // namespace rampart::infrastructure
