#include "application/common/password_rules.hpp"

#include <algorithm>

#include "application/ports/password_strength.hpp"

namespace rampart::application {

namespace {

constexpr std::size_t kShortestContextWord = 3;

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

// Splits at ASCII punctuation and whitespace (non-ASCII bytes stay inside words).
void AddWords(std::string_view text, std::vector<std::string>& words) {
  std::string word;
  auto flush = [&] {
    if (word.size() >= kShortestContextWord) words.push_back(word);
    word.clear();
  };
  for (const char c : AsciiLower(text)) {
    const auto byte = static_cast<unsigned char>(c);
    const bool separator = byte < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    if (separator) {
      flush();
    } else {
      word.push_back(c);
    }
  }
  flush();
}

std::string RefusalOf(const PasswordStrength& strength) {
  std::string message = "This password is too easy to guess.";
  if (!strength.warning.empty()) message += " " + strength.warning;
  for (const auto& suggestion : strength.suggestions) message += " " + suggestion;
  return message;
}

}  // namespace

std::vector<std::string> PasswordContextWords(const Services& services, PasswordOwner owner) {
  std::vector<std::string> words;
  if (owner.email != nullptr) {
    words.push_back(AsciiLower(owner.email->value()));
    AddWords(owner.email->value(), words);
  }
  AddWords(owner.display_name, words);
  for (const auto& word : services.settings.password_context_words) AddWords(word, words);
  // Longest first: the estimator matches each word on its own, a longer one is the better match.
  std::ranges::stable_sort(words, std::greater<>{}, &std::string::size);
  std::vector<std::string> distinct;
  for (auto& word : words) {
    if (std::ranges::find(distinct, word) == distinct.end()) distinct.push_back(std::move(word));
  }
  return distinct;
}

std::vector<domain::FieldError> CheckNewPassword(const Services& services,
                                                 std::string_view password,
                                                 std::string_view field, PasswordOwner owner) {
  auto errors = services.settings.password_policy.Check(password, field, owner.email);
  const int minimum = services.settings.password_min_strength;
  if (!errors.empty() || services.password_strength == nullptr || minimum <= 0) return errors;
  const auto context = PasswordContextWords(services, owner);
  const auto strength = services.password_strength->Estimate(password, context);
  if (strength.score < minimum) errors.push_back({std::string(field), RefusalOf(strength)});
  return errors;
}

}  // namespace rampart::application
