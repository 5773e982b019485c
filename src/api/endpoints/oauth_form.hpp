#pragma once
// The request side of POST /oauth/token (RFC 6749): a form-encoded body and the client's
// credentials from HTTP Basic (§2.3.1) or from the form. Free functions, tested alone.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::api {

// IsFormMediaType says whether a Content-Type names application/x-www-form-urlencoded (any
// case; a charset other than UTF-8 refused).
bool IsFormMediaType(std::string_view content_type);

// ParseForm is the parameters of an application/x-www-form-urlencoded body, '+' as space, %XX
// decoded; nullopt when an escape is malformed or a parameter appears twice (RFC 6749 §3.2:
// "MUST NOT be included more than once"). Parameters without a value are empty strings.
std::optional<std::map<std::string, std::string>> ParseForm(std::string_view body);

// ClientCredentials are an OAuth client's id and secret.
struct ClientCredentials {
  std::string client_id;
  std::string client_secret;
};

// BasicCredentials are the client id and secret of an `Authorization: Basic` value: base64 of
// form-urlencoded(id) ":" form-urlencoded(secret) (RFC 6749 §2.3.1). nullopt when the value is
// not Basic or is malformed.
std::optional<ClientCredentials> BasicCredentials(std::string_view authorization);

// IsBasicScheme says whether the `Authorization` value uses the Basic scheme at all (even
// malformed).
bool IsBasicScheme(std::string_view authorization);

}  // namespace rampart::api
