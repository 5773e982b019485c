#include "api/endpoints/oauth_form.hpp"

#include <array>

#include "api/http/percent_decode.hpp"

namespace rampart::api {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Standard base64 (RFC 4648 §4) with padding; nullopt for anything else.
std::optional<std::string> DecodeBase64(std::string_view text) {
  static constexpr auto kValues = [] {
    std::array<int, 256> values{};
    values.fill(-1);
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
      values[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    }
    return values;
  }();
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int values[4];
    int padding = 0;
    for (int j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        values[j] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) return std::nullopt;  // data after padding
      values[j] = kValues[static_cast<unsigned char>(c)];
      if (values[j] < 0) return std::nullopt;
    }
    const unsigned triple = (values[0] << 18) | (values[1] << 12) | (values[2] << 6) | values[3];
    out.push_back(static_cast<char>((triple >> 16) & 0xFF));
    if (padding < 2) out.push_back(static_cast<char>((triple >> 8) & 0xFF));
    if (padding < 1) out.push_back(static_cast<char>(triple & 0xFF));
  }
  return out;
}

}  // namespace

bool IsFormMediaType(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (!EqualsIgnoreCase(Trim(content_type.substr(0, semicolon)),
                        "application/x-www-form-urlencoded")) {
    return false;
  }
  if (semicolon == std::string_view::npos) return true;
  auto parameters = content_type.substr(semicolon + 1);
  const auto equals = parameters.find('=');
  if (equals == std::string_view::npos) return true;
  if (!EqualsIgnoreCase(Trim(parameters.substr(0, equals)), "charset")) return true;
  auto charset = Trim(parameters.substr(equals + 1));
  if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
    charset = charset.substr(1, charset.size() - 2);
  }
  return EqualsIgnoreCase(charset, "utf-8") || EqualsIgnoreCase(charset, "utf8");
}

std::optional<std::map<std::string, std::string>> ParseForm(std::string_view body) {
  std::map<std::string, std::string> form;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    std::string name;
    std::string value;
    if (!PercentDecode(pair.substr(0, equals), name, true)) return std::nullopt;
    if (equals != std::string_view::npos && !PercentDecode(pair.substr(equals + 1), value, true)) {
      return std::nullopt;
    }
    if (!form.emplace(std::move(name), std::move(value)).second) return std::nullopt;
  }
  return form;
}

bool IsBasicScheme(std::string_view authorization) {
  return authorization.size() >= 6 && EqualsIgnoreCase(authorization.substr(0, 6), "basic ");
}

std::optional<ClientCredentials> BasicCredentials(std::string_view authorization) {
  if (!IsBasicScheme(authorization)) return std::nullopt;
  const auto decoded = DecodeBase64(Trim(authorization.substr(6)));
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  ClientCredentials credentials;
  if (!PercentDecode(std::string_view(*decoded).substr(0, colon), credentials.client_id, true) ||
      !PercentDecode(std::string_view(*decoded).substr(colon + 1), credentials.client_secret,
                     true)) {
    return std::nullopt;
  }
  return credentials;
}

}  // namespace rampart::api
