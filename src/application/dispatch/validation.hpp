#pragma once
// FluentValidation's role: a use case's `Validate(const X&, Validation&)` collects every field
// error at once; the validation behaviour answers 422 with all of them before the handler runs.
#include <string>
#include <string_view>
#include <vector>

#include "application/common/services.hpp"
#include "domain/errors.hpp"

namespace rampart::application {

class Validation {
 public:
  explicit Validation(const Services& services) : services(services) {}

  const Services& services;  // for configured policies and limits

  void Add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  // Check adds the field errors of a failed parse (ParseEmail, domain::ParseDisplayName, ...).
  template <class T>
  void Check(const domain::Result<T>& parsed) {
    if (!parsed)
      errors_.insert(errors_.end(), parsed.error().fields.begin(), parsed.error().fields.end());
  }
  void Merge(const std::vector<domain::FieldError>& errors) {
    errors_.insert(errors_.end(), errors.begin(), errors.end());
  }
  // Required: "<label> is required." when `value` is empty.
  void Required(std::string_view value, std::string_view field, std::string_view label) {
    if (value.empty()) Add(std::string(field), std::string(label) + " is required.");
  }

  bool Ok() const { return errors_.empty(); }
  std::vector<domain::FieldError> Take() { return std::move(errors_); }

 private:
  std::vector<domain::FieldError> errors_;
};

template <class T>
concept HasValidator = requires(const T& use_case, Validation& validation) {
  Validate(use_case, validation);
};

// ValidationBehaviour returns the validation behaviour: runs the use case's validator, if it has
// one.
template <class T, class Next>
auto ValidationBehaviour(const T& use_case, const Services& services, Next&& next)
    -> decltype(next()) {
  if constexpr (HasValidator<T>) {
    Validation validation(services);
    Validate(use_case, validation);
    if (!validation.Ok()) return domain::Fail(domain::Error::Validation(validation.Take()));
  }
  return next();
}

}  // namespace rampart::application
