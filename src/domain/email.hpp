#pragma once
#include <string>
#include <string_view>

#include "domain/errors.hpp"

namespace rampart::domain {

// Email is a syntactically valid e-mail address in its normal form: what rampart stores, compares
// and looks up (docs/users.md, "E-mail addresses"). The whole address is case-insensitive; the
// local part is a dot-string (no leading, trailing or doubled dot) of at most 64 octets; the domain
// is `localhost` or a dotted host name of ASCII labels (A-labels for an internationalised one); at
// most 254 octets in all (RFC 5321). Real ownership is proven by verification mail, not here.
//
// Addresses from outside reach this type through application::ParseEmail, which applies the
// Unicode rules (an application port) first; this layer knows only the standard library.
class Email {
 public:
  // Parse returns an ASCII address as someone typed it: surrounding whitespace trimmed,
  // lower-cased, checked. Refuses every non-ASCII character: such an address needs the Unicode
  // normalisation first.
  static Result<Email> Parse(std::string_view raw);
  // ParseNormalised returns an address already in Unicode normal form
  // (application::EmailNormaliser's output): the same checks as Parse, but the local part may hold
  // non-ASCII (NFC, lower-case) characters. The domain must still be ASCII: A-labels, never
  // U-labels.
  static Result<Email> ParseNormalised(std::string_view normalised);
  // FromStored returns an address read back from storage or a cache, as it was written: no checks,
  // since rows written by an earlier version may predate today's rules (docs/users.md).
  static Email FromStored(std::string stored) { return Email(std::move(stored)); }

  const std::string& value() const { return value_; }
  std::string_view LocalPart() const { return std::string_view(value_).substr(0, value_.find('@')); }
  friend bool operator==(const Email&, const Email&) = default;

 private:
  explicit Email(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

}  // namespace rampart::domain
