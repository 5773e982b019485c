// The request side of POST /oauth/token (api/endpoints/oauth_form.hpp): the form-encoded body,
// the client's credentials from `Authorization: Basic` (RFC 6749 §2.3.1: base64 of the
// form-encoded id and secret) and the Content-Type check. Anything must be a value or nullopt —
// never a crash — and what is accepted must be consistent.
//
// Input: the first byte picks the function; the rest is the body, header or media type.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/endpoints/oauth_form.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0:
      if (const auto form = rampart::api::ParseForm(text)) {
        // Every parameter comes from at least one byte of the body ('=' or '&' at the least).
        FUZZ_CHECK(form->size() <= text.size() + 1);
      }
      break;
    case 1: {
      const bool basic = rampart::api::IsBasicScheme(text);
      if (rampart::api::BasicCredentials(text)) FUZZ_CHECK(basic);
      break;
    }
    default:
      (void)rampart::api::IsFormMediaType(text);
      break;
  }
  return 0;
}
