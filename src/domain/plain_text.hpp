#pragma once
// Text people type for other people to read: display names, role descriptions. Such text is
// shown in lists, audit views and mails, so characters that hide or reorder what a reader sees
// are refused (docs/users.md, "Display names").
#include <string_view>

namespace rampart::domain {

enum class TextFault {
  kNone,
  kInvalidUtf8,
  kControl,          // C0 and C1 controls, DEL, U+2028/U+2029, noncharacters
  kBidiControl,      // U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
                     // U+200E/U+200F/U+061C marks
  kByteOrderMark,    // U+FEFF (also the deprecated zero-width no-break space)
  kNothingVisible,   // only whitespace and default-ignorable code points (zero-width space,
                     // U+2060, Hangul fillers, variation selectors...) or U+2800 braille blank
};

// CheckPlainText returns the first fault of `text` (already trimmed), kNone when it may be shown as
// it is. Empty text is kNone: whether a field may be empty is the caller's rule.
TextFault CheckPlainText(std::string_view text);

// Describe returns "must not contain ..." for a fault other than kNone, to follow a field label.
std::string_view Describe(TextFault fault);

}  // namespace rampart::domain
