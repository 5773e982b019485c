#include "infrastructure/password_strength/zxcvbn_estimator.hpp"

#include <zxcvbn.h>

#include <cmath>
#include <memory>
#include <optional>

#include "domain/common_passwords.hpp"

namespace rampart::infrastructure {

namespace {

constexpr std::string_view kAddWords = "Add another word or two; uncommon words are better.";

struct InfoDeleter {
  void operator()(ZxcMatch_t* info) const { ZxcvbnFreeInfo(info); }
};

// The feedback of one kind of matched part (zxcvbn's feedback, in our words).
struct Feedback {
  std::string_view warning;
  std::string_view suggestion;
};

// The kind of a matched part. The extra dictionary words are the context words and the listed
// passwords found inside (the Estimate below): a match of one of the latter is a dictionary match.
int KindOf(const ZxcMatch_t& part, std::string_view password,
           std::span<const std::string> context_words) {
  const int kind = part.Type & ~MULTIPLE_MATCH;
  if (kind != USER_MATCH && kind != USER_LEET_MATCH) return part.Type;
  std::string matched(password.substr(part.Begin, part.Length));
  for (auto& c : matched) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (const auto& word : context_words) {
    if (word == matched) return part.Type;
  }
  return (part.Type & MULTIPLE_MATCH) | (kind == USER_MATCH ? DICTIONARY_MATCH : DICT_LEET_MATCH);
}

std::optional<Feedback> FeedbackOf(int type) {
  const bool repeated = (type & MULTIPLE_MATCH) != 0;
  switch (type & ~MULTIPLE_MATCH) {
    case DICTIONARY_MATCH:
      if (repeated) break;
      return Feedback{"Common passwords and words are easy to guess, even with numbers or "
                      "symbols around them.",
                      ""};
    case DICT_LEET_MATCH:
      return Feedback{"Common passwords and words are easy to guess, even with numbers or "
                      "symbols around them.",
                      "Predictable substitutions such as '@' for 'a' do not help much."};
    case USER_MATCH:
    case USER_LEET_MATCH:
      return Feedback{"It is built on your name, your e-mail address or the name of this service.",
                      "Avoid words about you or this service."};
    case REPEATS_MATCH:
      return Feedback{"Repeated characters or words are easy to guess.",
                      "Avoid repeated words and characters."};
    case SEQUENCE_MATCH:
      return Feedback{"Sequences such as abc or 6543 are easy to guess.", "Avoid sequences."};
    case SPATIAL_MATCH:
      return Feedback{"Rows and patterns of keys on a keyboard are easy to guess.",
                      "Use a longer keyboard pattern with more turns, or none."};
    case DATE_MATCH:
    case YEAR_MATCH:
      return Feedback{"Dates and years are easy to guess.",
                      "Avoid dates and years that are associated with you."};
    default:
      break;
  }
  if (repeated) {
    return Feedback{"Repeated characters or words are easy to guess.",
                    "Avoid repeated words and characters."};
  }
  return std::nullopt;  // brute force, or the tail of a very long password: nothing to say
}

}  // namespace

int ScoreOfEntropy(double bits) {
  const double log10_guesses = bits * std::log10(2.0);
  if (log10_guesses < 3) return 0;
  if (log10_guesses < 6) return 1;
  if (log10_guesses < 8) return 2;
  if (log10_guesses < 10) return 3;
  return 4;
}

application::PasswordStrength ZxcvbnEstimator::Estimate(
    std::string_view password, std::span<const std::string> context_words) const {
  // zxcvbn-c takes C strings: a NUL inside the password ends it early, which only lowers the
  // estimate.
  const std::string text(password);
  std::vector<std::string> common;
  for (const auto word : domain::CommonPasswordsWithin(password)) common.emplace_back(word);
  std::vector<const char*> dictionary;
  dictionary.reserve(context_words.size() + common.size() + 1);
  for (const auto& word : context_words) dictionary.push_back(word.c_str());
  for (const auto& word : common) dictionary.push_back(word.c_str());
  dictionary.push_back(nullptr);

  ZxcMatch_t* raw_info = nullptr;
  const double bits = ZxcvbnMatch(text.c_str(), dictionary.data(), &raw_info);
  const std::unique_ptr<ZxcMatch_t, InfoDeleter> info(raw_info);

  application::PasswordStrength strength{.score = ScoreOfEntropy(bits)};
  if (strength.score >= 3) return strength;
  // The longest part with a pattern is what gives the password away.
  const ZxcMatch_t* telling = nullptr;
  std::optional<Feedback> feedback;
  for (const ZxcMatch_t* part = info.get(); part != nullptr; part = part->Next) {
    const auto candidate = FeedbackOf(KindOf(*part, text, context_words));
    if (!candidate || (telling != nullptr && part->Length <= telling->Length)) continue;
    telling = part;
    feedback = candidate;
  }
  if (feedback) {
    strength.warning = feedback->warning;
    if (!feedback->suggestion.empty()) strength.suggestions.emplace_back(feedback->suggestion);
  }
  strength.suggestions.emplace_back(kAddWords);
  return strength;
}

}  // namespace rampart::infrastructure
