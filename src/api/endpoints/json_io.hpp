#pragma once
// JSON in and out for endpoint handlers: body parsing with problem+json on bad input, and the
// response shapes of SPEC §3 (User, Role, token pair).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/server/http.hpp"
#include "application/common/request_context.hpp"
#include "application/common/token_pair.hpp"
#include "application/dispatch/caller.hpp"
#include "domain/errors.hpp"
#include "domain/role.hpp"
#include "domain/user.hpp"

namespace rampart::api {

// The request body as a JSON object; a 415 `unsupported-media-type` problem when the request
// has a body or a Content-Type and that type is not JSON (IsJsonMediaType): a cross-site HTML
// form can post text/plain or form data without a CORS preflight, never application/json;
// a 400 `bad-request` problem when the body is not a JSON object.
std::expected<boost::json::object, Response> ParseJsonObject(const Request& request);

// Whether a Content-Type value names JSON: `application/json` or a structured-syntax suffix
// type `application/<name>+json` (RFC 6839), in any case, with parameters allowed except a
// charset other than UTF-8 (RFC 8259 §8.1).
bool IsJsonMediaType(std::string_view content_type);

// Reads string fields of a JSON object and collects field errors for those missing or of the
// wrong type, so one 422 can name every bad field.
class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& object) : object_(object) {}
  // Required string: an absent, null or non-string field is an error; an empty one too.
  std::string Required(std::string_view name, std::string_view label);
  // Optional string: absent (or null) → nullopt; present non-string → error.
  std::optional<std::string> Optional(std::string_view name, std::string_view label);
  // Optional array of strings: absent (or null) → nullopt; anything else → error.
  std::optional<std::vector<std::string>> OptionalStrings(std::string_view name,
                                                          std::string_view label);
  // Optional boolean: absent (or null) → nullopt; a non-boolean → error.
  std::optional<bool> OptionalBool(std::string_view name, std::string_view label);
  bool Ok() const { return errors_.empty(); }
  domain::Error Error() const { return domain::Error::Validation(errors_); }

 private:
  const boost::json::object& object_;
  std::vector<domain::FieldError> errors_;
};

application::RequestContext ContextOf(const Request& request);
// The caller of a use case: origin, verified token claims and (after the endpoint guard) actor.
// Refers to `request`, which must outlive it.
application::Caller CallerOf(const Request& request);

boost::json::object UserJson(const domain::User& user);
/// The same document as `serialize(UserJson(user))`, written straight into a string: no JSON
/// tree, no per-field allocation. For the hot single-user answers (GET /users/me).
std::string UserJsonText(const domain::User& user);
boost::json::object RoleJson(const domain::Role& role);
boost::json::object TokenPairJson(const application::TokenPair& tokens);

/// `body` as JSON text, as boost::json::serialize writes it except for doubles: those are
/// written in plain decimal notation, shortest round-trip (0.475, 12, 1234.5), where Boost.JSON
/// writes 4.75E-1, 1.2E1 — valid JSON that people read badly. Only magnitudes outside
/// [1e-6, 1e16) keep an exponent; NaN and infinities (which JSON lacks) become null.
std::string SerializeJson(const boost::json::value& body);

/// A JSON answer written by SerializeJson.
Response JsonResponse(int status, const boost::json::value& body);
/// A JSON answer whose body is already serialized.
Response JsonResponse(int status, std::string body);

}  // namespace rampart::api
