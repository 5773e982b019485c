#pragma once
// The Unicode half of e-mail address normalisation (docs/users.md, "E-mail addresses"): it needs
// Unicode tables and IDNA, which the domain layer (standard library only) does not have. The
// infrastructure adapter uses libunistring and libidn2.
#include <string>
#include <string_view>

#include "domain/errors.hpp"

namespace rampart::application {

class EmailNormaliser {
 public:
  virtual ~EmailNormaliser() = default;
  // Normalise: `raw` (as someone typed it) in normal form: trimmed, lower-cased and NFC, the domain
  // in IDNA2008 A-labels; kValidation on field "email" for what the rules refuse (compatibility
  // characters, invisible or mixed-script local parts, invalid domains). The result still goes
  // through domain::Email::ParseNormalised, which checks the structure.
  virtual domain::Result<std::string> Normalise(std::string_view raw) const = 0;
};

}  // namespace rampart::application
