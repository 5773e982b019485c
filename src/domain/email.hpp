#pragma once
#include <string>
#include <string_view>

#include "domain/errors.hpp"

namespace rampart::domain {

// A syntactically valid e-mail address, normalised to lower case so that uniqueness and look-ups
// are case-insensitive. Deliberately permissive (one '@', non-empty local part, a dotted domain
// without spaces); real ownership is proven by verification mail, not by a regex.
class Email {
 public:
  static Result<Email> Parse(std::string_view raw);

  const std::string& value() const { return value_; }
  std::string_view LocalPart() const { return std::string_view(value_).substr(0, value_.find('@')); }
  friend bool operator==(const Email&, const Email&) = default;

 private:
  explicit Email(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

}  // namespace rampart::domain
