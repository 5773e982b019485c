#include "domain/plain_text.hpp"

#include <algorithm>

#include "domain/utf8.hpp"

namespace rampart::domain {

namespace {

struct Range {
  char32_t first;
  char32_t last;
};

bool In(char32_t cp, std::initializer_list<Range> ranges) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [cp](const Range& r) { return cp >= r.first && cp <= r.last; });
}

bool IsControl(char32_t cp) {
  const bool noncharacter = (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || noncharacter;
}

bool IsBidiControl(char32_t cp) {
  return In(cp, {{0x202A, 0x202E}, {0x2066, 0x2069}, {0x200E, 0x200F}, {0x061C, 0x061C}});
}

// Unicode 15's White_Space and Default_Ignorable_Code_Point properties (DerivedCoreProperties.txt,
// PropList.txt), plus U+2800 BRAILLE PATTERN BLANK, which renders as nothing in most fonts.
bool IsInvisible(char32_t cp) {
  return In(cp, {{0x0009, 0x000D}, {0x0020, 0x0020}, {0x0085, 0x0085}, {0x00A0, 0x00A0},
                 {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160},
                 {0x1680, 0x1680}, {0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x2000, 0x200F},
                 {0x2028, 0x202F}, {0x205F, 0x206F}, {0x2800, 0x2800}, {0x3000, 0x3000},
                 {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0},
                 {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}});
}

}  // namespace

TextFault CheckPlainText(std::string_view text) {
  const auto code_points = DecodeUtf8(text);
  if (!code_points) return TextFault::kInvalidUtf8;
  for (const char32_t cp : *code_points) {
    if (IsControl(cp)) return TextFault::kControl;
    if (IsBidiControl(cp)) return TextFault::kBidiControl;
    if (cp == 0xFEFF) return TextFault::kByteOrderMark;
  }
  if (!code_points->empty() && std::all_of(code_points->begin(), code_points->end(), IsInvisible)) {
    return TextFault::kNothingVisible;
  }
  return TextFault::kNone;
}

std::string_view Describe(TextFault fault) {
  switch (fault) {
    case TextFault::kNone:
      break;
    case TextFault::kInvalidUtf8:
      return "must be valid UTF-8";
    case TextFault::kControl:
      return "must not contain control characters or line breaks";
    case TextFault::kBidiControl:
      return "must not contain bidirectional control characters (U+202A to U+202E, U+2066 to "
             "U+2069, U+200E, U+200F, U+061C)";
    case TextFault::kByteOrderMark:
      return "must not contain a byte order mark (U+FEFF)";
    case TextFault::kNothingVisible:
      return "must contain a visible character, not only spaces or invisible characters";
  }
  return "is valid";
}

}  // namespace rampart::domain
