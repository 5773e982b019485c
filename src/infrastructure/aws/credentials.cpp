#include "infrastructure/aws/credentials.hpp"

#include "infrastructure/aws/iso8601.hpp"

namespace rampart::infrastructure::aws {

std::string AwsCredentials::Describe() const {
  std::string text = source.empty() ? std::string("credentials") : source;
  const std::size_t shown = std::min<std::size_t>(4, access_key_id.size());
  text += " (key …" + access_key_id.substr(access_key_id.size() - shown);
  if (expiration) text += ", expires " + FormatIso8601(*expiration);
  return text + ")";
}

}  // namespace rampart::infrastructure::aws
