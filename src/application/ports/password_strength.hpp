#pragma once
// Port: how hard a password is to guess, as zxcvbn estimates it (Dropbox's estimator:
// dictionaries of common passwords, words and names, keyboard patterns, sequences, repeats,
// dates, l33t substitutions). The domain's policy (domain/password_policy.hpp) keeps the rules a
// standard library can check (length, the breached list); this is the estimate on top of them.
// The adapter is infrastructure/password_strength (zxcvbn-c).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::application {

struct PasswordStrength {
  // 0 (too guessable) .. 4 (very unguessable), zxcvbn's scale: fewer than 10^3, 10^6, 10^8,
  // 10^10 guesses, or more.
  int score = 0;
  // Why it is weak, in words a person understands; never quotes the password. Empty when the
  // estimator has nothing to say.
  std::string warning;
  // What would make it stronger.
  std::vector<std::string> suggestions;
};

class PasswordStrengthEstimator {
 public:
  virtual ~PasswordStrengthEstimator() = default;
  // Estimate: `context_words` are words an attacker would try first for this account (the user's
  // e-mail address and its parts, the display name, the service's name): a password built on them
  // is weak.
  virtual PasswordStrength Estimate(std::string_view password,
                                    std::span<const std::string> context_words) const = 0;
};

}  // namespace rampart::application
