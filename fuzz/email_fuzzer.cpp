// E-mail addresses as people type them (infrastructure/unicode/unicode_email_normaliser.hpp):
// trimming, UTF-8 validation, full case mapping and NFC (libunistring), the NFKC and script
// rules, IDNA2008 A-labels (libidn2), then the domain's structural check
// (domain::Email::ParseNormalised) — and the ASCII-only parse (domain::Email::Parse) used
// without the normaliser; also display names (domain/plain_text.hpp) and UTF-8 decoding.
//
// The normal form is what makes one account per address: normalising it again must not change
// it, and it must pass the structural check.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/email.hpp"
#include "domain/plain_text.hpp"
#include "domain/utf8.hpp"
#include "fuzz_check.hpp"
#include "infrastructure/unicode/unicode_email_normaliser.hpp"

using namespace rampart;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  static const infrastructure::UnicodeEmailNormaliser normaliser;

  const auto normal = normaliser.Normalise(raw);
  if (normal) {
    const auto again = normaliser.Normalise(*normal);
    FUZZ_CHECK(again && *again == *normal);
    FUZZ_CHECK(domain::Utf8Length(*normal).has_value());
    if (const auto email = domain::Email::ParseNormalised(*normal)) {
      FUZZ_CHECK(email->value() == *normal);
      FUZZ_CHECK(email->value().size() <= 254);
      FUZZ_CHECK(email->LocalPart().size() <= 64);
    }
  } else {
    FUZZ_CHECK(normal.error().code == domain::ErrorCode::kValidation);
  }

  if (const auto ascii = domain::Email::Parse(raw); ascii && normal) {
    // Both rules accept it: as the same address. (The Unicode rules may refuse what the ASCII
    // ones accept: an `xn--` label that is not a valid A-label, which only libidn2 can tell.)
    FUZZ_CHECK(*normal == ascii->value());
  }

  const auto fault = domain::CheckPlainText(raw);
  if (fault != domain::TextFault::kNone) FUZZ_CHECK(!domain::Describe(fault).empty());
  const auto length = domain::Utf8Length(raw);
  const auto decoded = domain::DecodeUtf8(raw);
  FUZZ_CHECK(length.has_value() == decoded.has_value());
  if (length) FUZZ_CHECK(*length == decoded->size() && *length <= raw.size());
  return 0;
}
