#pragma once
// application::EmailNormaliser over libunistring (case mapping, NFC/NFKC, character properties
// and scripts) and libidn2 (IDNA2008). The rules, in order (docs/users.md, "E-mail addresses"):
//
//  1. surrounding ASCII whitespace is trimmed; the text must be valid UTF-8;
//  2. the whole address is lower-cased (full Unicode case mapping) and put in NFC — so NFC and
//     NFD spellings, and the Kelvin sign (K, whose canonical form is K), are one address;
//  3. an address that NFKC would change further is refused: fullwidth letters, ligatures,
//     superscripts and other compatibility characters look like plainer ones;
//  4. the local part may hold no control, format, private-use, unassigned, space or
//     default-ignorable (invisible) code point, and must not mix scripts beyond what UTS #39's
//     "highly restrictive" level allows (Latin with Han + Hiragana + Katakana, Han + Bopomofo or
//     Han + Hangul), which stops e.g. a Cyrillic 'а' inside a Latin name;
//  5. a domain with non-ASCII characters or an `xn--` label is converted to (or checked as)
//     IDNA2008 A-labels by libidn2, without UTS #46 mapping (step 2 did the case folding; a
//     character IDNA2008 disallows is refused, not mapped).
#include "application/ports/email_normaliser.hpp"

namespace rampart::infrastructure {

class UnicodeEmailNormaliser final : public application::EmailNormaliser {
 public:
  domain::Result<std::string> Normalise(std::string_view raw) const override;
};

}  // namespace rampart::infrastructure
