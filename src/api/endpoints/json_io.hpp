#pragma once
// JSON in and out for endpoint handlers: body parsing with problem+json on bad input, pages,
// and JSON answers.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/http.hpp"
#include "application/common/paging.hpp"
#include "application/common/request_context.hpp"
#include "application/dispatch/caller.hpp"
#include "domain/errors.hpp"

namespace rampart::api {

// ParseJsonObject is the request body as a JSON object; a 415 `unsupported-media-type` problem
// when the request has a body or a Content-Type and that type is not JSON (IsJsonMediaType): a
// cross-site HTML form can post text/plain or form data without a CORS preflight, never
// application/json; a 400 `bad-request` problem when the body is not a JSON object.
std::expected<boost::json::object, Response> ParseJsonObject(const Request& request);

// IsJsonMediaType says whether a Content-Type value names JSON: `application/json` or a
// structured-syntax suffix type `application/<name>+json` (RFC 6839), in any case, with
// parameters allowed except a charset other than UTF-8 (RFC 8259 §8.1).
bool IsJsonMediaType(std::string_view content_type);

// ContextOf is where the request comes from: client IP, User-Agent and correlation id.
application::RequestContext ContextOf(const Request& request);
// CallerOf is the caller of a use case: origin, verified token claims and (after the endpoint
// guard) actor. Refers to `request`, which must outlive it.
application::Caller CallerOf(const Request& request);

// PageJson is one page as {items, page, pageSize, total}, each item written by `item_json`.
template <class T, class ItemJson>
boost::json::object PageJson(const application::Page<T>& page, ItemJson item_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(item_json(item));
  return {{"items", std::move(items)},
          {"page", page.page},
          {"pageSize", page.page_size},
          {"total", page.total}};
}
// SerializeJson is `body` as JSON text, as boost::json::serialize writes it except for
// doubles: those are written in plain decimal notation, shortest round-trip (0.475, 12,
// 1234.5), where Boost.JSON writes 4.75E-1, 1.2E1 — valid JSON that people read badly. Only
// magnitudes outside [1e-6, 1e16) keep an exponent; NaN and infinities (which JSON lacks)
// become null.
std::string SerializeJson(const boost::json::value& body);

// JsonResponse is a `status` answer with `body` written by SerializeJson.
Response JsonResponse(int status, const boost::json::value& body);
// JsonResponse is a `status` answer whose JSON body is already serialized.
Response JsonResponse(int status, std::string body);

}  // namespace rampart::api
