#pragma once
// The strength estimate of new passwords (application::PasswordStrengthEstimator) with zxcvbn-c,
// the C port of Dropbox's zxcvbn (Debian's libzxcvbn-dev, its dictionaries compiled in).
//
// zxcvbn-c answers an entropy in bits and the matched parts; this adapter turns that into
// zxcvbn's score (guesses = 2^bits: below 10^3, 10^6, 10^8, 10^10 → 0..3, else 4) and into
// feedback from the part that gives the password away. Its own dictionaries are smaller than
// the JavaScript original's, so the bundled list of breached passwords (domain/common_passwords)
// is given to it too: every listed password found inside the password joins the context words
// as an extra dictionary word (what makes "1q2w3e4r5t6y7u" weak: zxcvbn-c knows
// "1q2w3e4r5t" but not "1q2w3e4r5t6y"). zxcvbn-c reads bytes: a non-ASCII character counts as
// brute force, so Unicode passwords are estimated on their length alone. Thread-safe (the
// dictionaries are read-only).
#include "application/ports/password_strength.hpp"

namespace rampart::infrastructure {

class ZxcvbnEstimator final : public application::PasswordStrengthEstimator {
 public:
  application::PasswordStrength Estimate(
      std::string_view password, std::span<const std::string> context_words) const override;
};

// ScoreOfEntropy: zxcvbn's score for an estimate of `bits` of entropy (guesses = 2^bits).
int ScoreOfEntropy(double bits);

}  // namespace rampart::infrastructure
