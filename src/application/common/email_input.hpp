#pragma once
// The one way an e-mail address from outside — a request body, a query parameter, the CLI,
// configuration — becomes a domain::Email: every use case that takes an address calls this, so
// that registration, login, password reset, administration and search all agree on one normal
// form (docs/users.md, "E-mail addresses").
#include <optional>
#include <string_view>

#include "application/common/services.hpp"
#include "application/ports/repositories.hpp"
#include "domain/email.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// ParseEmail: `raw` normalised by services.emails (when wired) and checked by the domain;
// kValidation on field "email" otherwise.
domain::Result<domain::Email> ParseEmail(const Services& services, std::string_view raw);

// FindUserByTypedEmail returns the live user an address typed to sign in (login, forgot-password,
// `admin reset-password`) names: the one with its normal form; when today's rules refuse the input,
// the one with the form earlier versions stored (trimmed, ASCII lower-cased) — so an account
// created before a rule existed (`.a@example.com`) still signs in, while no new account can be made
// that way.
std::optional<domain::User> FindUserByTypedEmail(UserRepository& users, const Services& services,
                                                 std::string_view raw);

}  // namespace rampart::application
