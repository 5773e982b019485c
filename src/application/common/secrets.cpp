#include "application/common/secrets.hpp"

#include "domain/credential_format.hpp"

namespace rampart::application {

std::string RandomBase62(SecureRandom& random, std::size_t length) {
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    const std::string token = random.NewOpaqueToken();  // 43 characters of base64url
    // The first 42 characters carry 6 random bits each (the 43rd only 4): uniform over 64.
    for (std::size_t i = 0; i < 42 && i < token.size() && out.size() < length; ++i) {
      if (domain::IsBase62(std::string_view(&token[i], 1))) out.push_back(token[i]);
    }
  }
  return out;
}

bool SameSecret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const unsigned char a = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    difference |= static_cast<unsigned char>(a ^ static_cast<unsigned char>(expected[i]));
  }
  return difference == 0;
}

}  // namespace rampart::application
