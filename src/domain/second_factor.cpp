#include "domain/second_factor.hpp"

namespace rampart::domain {

namespace {

// Recovery codes: 16 characters of the base32 alphabet (80 bits) in four groups of four.
constexpr std::size_t kRecoveryCodeCharacters = 16;
constexpr std::size_t kRecoveryCodeGroup = 4;

bool IsBase32Letter(char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); }

}  // namespace

std::int64_t TotpStepAt(TimePoint at) {
  const auto seconds = at.time_since_epoch().count();
  return seconds >= 0 ? seconds / kTotpPeriodSeconds : -1;
}

std::vector<std::int64_t> AcceptableTotpSteps(TimePoint now,
                                              std::optional<std::int64_t> last_used_step) {
  const auto current = TotpStepAt(now);
  std::vector<std::int64_t> steps{current};
  for (int offset = 1; offset <= kTotpSkewSteps; ++offset) {
    steps.push_back(current - offset);
    steps.push_back(current + offset);
  }
  std::vector<std::int64_t> acceptable;
  for (const auto step : steps) {
    if (step >= 0 && (!last_used_step || step > *last_used_step)) acceptable.push_back(step);
  }
  return acceptable;
}

std::optional<std::string> NormaliseTotpCode(std::string_view typed) {
  std::string code;
  for (const char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9' || code.size() == kTotpDigits) return std::nullopt;
    code.push_back(c);
  }
  if (code.size() != kTotpDigits) return std::nullopt;
  return code;
}

std::optional<std::string> NormaliseRecoveryCode(std::string_view typed) {
  std::string letters;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!IsBase32Letter(c) || letters.size() == kRecoveryCodeCharacters) return std::nullopt;
    letters.push_back(c);
  }
  if (letters.size() != kRecoveryCodeCharacters) return std::nullopt;
  std::string code;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (i > 0 && i % kRecoveryCodeGroup == 0) code.push_back('-');
    code.push_back(letters[i]);
  }
  return code;
}

std::string JoinAmr(const std::vector<std::string>& amr) {
  std::string joined;
  for (const auto& method : amr) joined += (joined.empty() ? "" : " ") + method;
  return joined;
}

std::vector<std::string> SplitAmr(std::string_view stored) {
  std::vector<std::string> amr;
  std::size_t start = 0;
  while (start < stored.size()) {
    auto end = stored.find(' ', start);
    if (end == std::string_view::npos) end = stored.size();
    if (end > start) amr.emplace_back(stored.substr(start, end - start));
    start = end + 1;
  }
  return amr;
}

}  // namespace rampart::domain
