// JSON request bodies as every endpoint reads them (api/endpoints/json_io.hpp): the
// Content-Type check (415 for anything but JSON in UTF-8), the parse into an object (400
// otherwise), the binders' field readers (Input) with every field name the endpoints read (422
// per field), and
// the writer that answers with JSON (SerializeJson), which must produce JSON that parses back
// to the same document.
//
// Input: the first line is the Content-Type, the rest the body.
#include <boost/json.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/endpoints/binding.hpp"
#include "api/endpoints/json_io.hpp"
#include "fuzz_check.hpp"

namespace {

namespace json = boost::json;
using namespace rampart::api;

// The body fields of the endpoints (src/api/endpoints/*.cpp).
constexpr std::string_view kFields[] = {
    "email",       "password",     "displayName", "refreshToken", "token", "newPassword",
    "currentPassword", "name",     "description", "roles",        "permissions", "emailVerified",
    "expiresAt",   "code",         "recoveryCode", "challenge",   "disabled"};

// Whether two JSON values are the same document. Numbers by value, doubles within a few ulps:
// SerializeJson writes the shortest text that reads back exactly, but Boost 1.81's parser does
// not round every long literal correctly (1.2345678901234567e+32 reads back one ulp off; found
// by this harness), so exact equality is Boost's limit, not ours.
bool Same(const json::value& a, const json::value& b) {
  // A number beyond a double (1e1300) reads as infinity, which JSON cannot spell: written null.
  if (a.is_double() && !std::isfinite(a.as_double())) return b.is_null();
  if (a.is_double() && b.is_number()) {
    const double x = a.as_double();
    const double y = b.to_number<double>();
    return x == y || std::fabs(x - y) <= 4 * std::numeric_limits<double>::epsilon() * std::fabs(x);
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_object()) {
    const auto& x = a.as_object();
    const auto& y = b.as_object();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const auto& left = *(x.begin() + i);
      const auto& right = *(y.begin() + i);
      if (left.key() != right.key() || !Same(left.value(), right.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& x = a.as_array();
    const auto& y = b.as_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!Same(x[i], y[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  Request request;
  request.method = Method::kPost;
  request.path = "/api/v1/fuzz";
  request.target = request.path;
  request.correlation_id = "fuzz";
  if (newline != std::string_view::npos) {
    request.headers.emplace_back("content-type", std::string(input.substr(0, newline)));
    request.body.assign(input.substr(newline + 1));
  } else {
    request.body.assign(input);
  }

  auto object = ParseJsonObject(request);
  if (!object) {
    const int status = object.error().status;
    FUZZ_CHECK(status == 400 || status == 415);
    FUZZ_CHECK(object.error().content_type == "application/problem+json");
    return 0;
  }
  FUZZ_CHECK(IsJsonMediaType(request.Header("content-type")) || request.Header("content-type").empty());

  // The binders' reader (api/endpoints/binding.hpp) over the same request.
  Input in(request);
  for (const auto name : kFields) {
    const std::string required = in.Required(name, name);
    const auto optional = in.Optional(name, name);
    if (!required.empty()) FUZZ_CHECK(optional && *optional == required);
    const auto strings = in.Strings(name, name);
    const auto flag = in.Bool(name, name);
    const auto time = in.DateTime(name, name);
    FUZZ_CHECK(!(strings && flag) && !(strings && optional) && !(flag && optional));
    if (time) FUZZ_CHECK(optional.has_value());
  }
  FUZZ_CHECK(!in.Refusal());  // the body parsed above
  for (const auto& error : in.Errors()) FUZZ_CHECK(!error.field.empty() && !error.message.empty());

  // What we write back parses to what we read.
  const std::string text = SerializeJson(*object);
  boost::system::error_code error;
  const json::value again = json::parse(text, error);
  FUZZ_CHECK(!error);
  FUZZ_CHECK(Same(json::value(*object), again));
  return 0;
}
