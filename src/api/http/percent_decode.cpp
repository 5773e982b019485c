#include "api/http/percent_decode.hpp"

#include "common/hex_digit.hpp"

namespace rampart::api {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool PercentDecode(std::string_view text, std::string& out, bool plus_as_space) {
  out.clear();
  out.reserve(text.size());
  bool ok = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int high = i + 2 < text.size() ? HexDigitValue(text[i + 1]) : -1;
      const int low = high >= 0 ? HexDigitValue(text[i + 2]) : -1;
      if (low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
      } else {
        out.push_back(c);
        ok = false;
      }
      continue;
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return ok;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

}  // namespace rampart::api
