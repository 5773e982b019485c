#include "infrastructure/unicode/unicode_email_normaliser.hpp"

#include <idn2.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace rampart::infrastructure {

namespace {

auto Invalid(std::string message) {
  return domain::Fail(domain::Error::Validation({{"email", std::move(message)}}));
}

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

const std::uint8_t* Bytes(std::string_view text) {
  return reinterpret_cast<const std::uint8_t*>(text.data());
}

// libunistring's result (malloc'ed, `length` bytes) as a string; nullopt when it failed.
std::optional<std::string> Take(std::uint8_t* result, std::size_t length) {
  if (result == nullptr) return std::nullopt;
  std::unique_ptr<std::uint8_t, FreeDeleter> owned(result);
  return std::string(reinterpret_cast<const char*>(result), length);
}

std::optional<std::string> LowerNfc(std::string_view text) {
  std::size_t length = 0;
  auto* lowered = u8_tolower(Bytes(text), text.size(), nullptr, UNINORM_NFC, nullptr, &length);
  return Take(lowered, length);
}

std::optional<std::string> Nfkc(std::string_view text) {
  std::size_t length = 0;
  auto* normalised = u8_normalize(UNINORM_NFKC, Bytes(text), text.size(), nullptr, &length);
  return Take(normalised, length);
}

template <class Visit>
void ForEachCodePoint(std::string_view text, Visit visit) {
  for (std::size_t i = 0; i < text.size();) {
    ucs4_t cp = 0;
    const int n = u8_mbtouc(&cp, Bytes(text) + i, text.size() - i);
    visit(cp);
    i += static_cast<std::size_t>(std::max(n, 1));
  }
}

bool IsForbiddenInLocalPart(ucs4_t cp) {
  static const uc_general_category_t kForbidden =
      uc_general_category_or(UC_CATEGORY_C, UC_CATEGORY_Z);
  return uc_is_general_category(cp, kForbidden) || uc_is_property_default_ignorable_code_point(cp);
}

// UTS #39 §5.2 "highly restrictive": one script, or one of these sets (Common and Inherited
// characters belong to every script).
bool IsAllowedScriptMix(const std::set<std::string_view>& scripts) {
  if (scripts.size() <= 1) return true;
  static const std::set<std::string_view> kAllowed[] = {
      {"Latin", "Han", "Hiragana", "Katakana"},
      {"Latin", "Han", "Bopomofo"},
      {"Latin", "Han", "Hangul"},
  };
  return std::any_of(std::begin(kAllowed), std::end(kAllowed), [&](const auto& allowed) {
    return std::includes(allowed.begin(), allowed.end(), scripts.begin(), scripts.end());
  });
}

std::optional<std::string> LocalPartError(std::string_view local) {
  bool forbidden = false;
  std::set<std::string_view> scripts;
  ForEachCodePoint(local, [&](ucs4_t cp) {
    if (cp < 0x80) return;  // ASCII: the domain layer's rules
    if (IsForbiddenInLocalPart(cp)) forbidden = true;
    const uc_script_t* script = uc_script(cp);
    if (script == nullptr) return;
    const std::string_view name = script->name;
    if (name != "Common" && name != "Inherited") scripts.insert(name);
  });
  if (forbidden) {
    return "Email contains characters that are not allowed (spaces, invisible or control "
           "characters).";
  }
  // ASCII letters are Latin too.
  if (std::any_of(local.begin(), local.end(),
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
    scripts.insert("Latin");
  }
  if (!IsAllowedScriptMix(scripts)) {
    return "Email's local part must not mix scripts, such as Latin and Cyrillic letters.";
  }
  return std::nullopt;
}

bool NeedsIdna(std::string_view domain) {
  const bool non_ascii = std::any_of(domain.begin(), domain.end(),
                                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  return non_ascii || domain.starts_with("xn--") || domain.find(".xn--") != std::string_view::npos;
}

domain::Result<std::string> ToALabels(const std::string& domain) {
  char* converted = nullptr;
  const int rc = idn2_lookup_u8(Bytes(domain), reinterpret_cast<std::uint8_t**>(&converted),
                                IDN2_NFC_INPUT | IDN2_NO_TR46);
  std::unique_ptr<char, FreeDeleter> owned(converted);
  if (rc != IDN2_OK || converted == nullptr) {
    return Invalid(std::string("Email's domain is not a valid internationalised domain name (") +
                   idn2_strerror(rc) + ").");
  }
  return std::string(converted);
}

std::string_view TrimAscii(std::string_view raw) {
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front()))) raw.remove_prefix(1);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  return raw;
}

}  // namespace

domain::Result<std::string> UnicodeEmailNormaliser::Normalise(std::string_view raw) const {
  raw = TrimAscii(raw);
  // No Unicode work for what cannot fit: 254 octets is the limit, and case mapping and NFC
  // rarely grow text (a body may carry a megabyte).
  if (raw.size() > 4 * 254) return Invalid("Email must be at most 254 characters.");
  if (u8_check(Bytes(raw), raw.size()) != nullptr) return Invalid("Email must be valid UTF-8.");
  // libidn2 reads C strings: a NUL would silently cut the domain short (found by
  // fuzz/email_fuzzer.cpp: "x@examp\0...lé.fr" became "x@examp").
  if (raw.find('\0') != std::string_view::npos) return Invalid("Email must not contain NUL.");
  auto address = LowerNfc(raw);
  auto compatible = address ? Nfkc(*address) : std::nullopt;
  if (!address || !compatible) return Invalid("Email could not be normalised.");
  if (*compatible != *address) {
    return Invalid("Email must not contain compatibility characters such as fullwidth letters, "
                   "ligatures or superscripts.");
  }
  const auto at = address->find('@');
  // Not one '@': the domain layer names the problem.
  if (at == std::string::npos || address->find('@', at + 1) != std::string::npos) return *address;
  const std::string_view local = std::string_view(*address).substr(0, at);
  if (auto error = LocalPartError(local)) return Invalid(std::move(*error));
  const std::string domain = address->substr(at + 1);
  if (!NeedsIdna(domain)) return *address;
  auto a_labels = ToALabels(domain);
  if (!a_labels) return domain::Fail(std::move(a_labels.error()));
  return std::string(local) + "@" + *a_labels;
}

}  // namespace rampart::infrastructure
