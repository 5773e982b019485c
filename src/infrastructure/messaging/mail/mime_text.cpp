#include "infrastructure/messaging/mail/mime_text.hpp"

#include <algorithm>

namespace rampart::infrastructure::messaging {

namespace {

// Bytes of UTF-8 text per encoded word: 39 bytes are 52 base64 characters, so a word is
// "=?UTF-8?B?" + 52 + "?=" = 64 characters, and "Subject: " plus one word stays within the
// 78 characters RFC 5322 recommends per line.
constexpr std::size_t kWordBytes = 39;

bool IsPrintableAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

// The length of the UTF-8 sequence that starts with `lead`; 0 for a byte that cannot start one.
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
bool IsUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = SequenceLength(lead);
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    if (length > 1) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f) ||
          (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f)) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

std::string WithoutLineBreaks(std::string_view value) {
  std::string out(value);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return out;
}

// Encoded words joined by folding whitespace.
std::string EncodedWords(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    // Whole UTF-8 sequences only (an invalid byte counts as one).
    while (end < text.size()) {
      const std::size_t length =
          std::max<std::size_t>(1, SequenceLength(static_cast<unsigned char>(text[end])));
      if (end + length - start > kWordBytes) break;
      end += length;
    }
    if (end == start) end = std::min(text.size(), start + kWordBytes);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

// RFC 5322 atext, the characters of an unquoted word.
bool IsAtext(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// A phrase that needs no quoting: atoms separated by single spaces.
bool IsAtomPhrase(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ') {
      if (text[i + 1] == ' ') return false;
    } else if (!IsAtext(text[i])) {
      return false;
    }
  }
  return true;
}

bool IsAddress(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  return std::all_of(address.begin(), address.end(),
                     [](unsigned char c) {
                       return c > 0x20 && c < 0x7f &&
                              std::string_view("()<>[]\\,;:\"").find(c) == std::string_view::npos;
                     }) &&
         address.find('@') == at;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
            kAlphabet[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

std::string EncodeHeaderText(std::string_view text) {
  const std::string value = WithoutLineBreaks(text);
  const bool plain = std::all_of(value.begin(), value.end(), [](unsigned char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t';
  });
  // "=?" in plain text would read as the start of an encoded word: encode that too.
  if (plain && value.find("=?") == std::string::npos) return value;
  return EncodedWords(value);
}

std::expected<Mailbox, std::string> ParseMailbox(std::string_view text) {
  Mailbox mailbox;
  text = Trim(text);
  std::string_view address = text;
  if (text.ends_with('>')) {
    const auto open = text.rfind('<');
    if (open == std::string_view::npos) return std::unexpected("has a '>' without a '<'");
    address = text.substr(open + 1, text.size() - open - 2);
    std::string_view name = Trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
      for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) ++i;
        mailbox.display_name += name[i];
      }
    } else {
      mailbox.display_name = std::string(name);
    }
  }
  if (!IsAddress(address)) {
    return std::unexpected(
        "is not an address (local@domain) or a mailbox (Name <local@domain>) in printable "
        "ASCII");
  }
  const bool controls = std::any_of(mailbox.display_name.begin(), mailbox.display_name.end(),
                                    [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  if (controls || !IsUtf8(mailbox.display_name)) {
    return std::unexpected("has a display name that is not UTF-8 text without control characters");
  }
  mailbox.address = std::string(address);
  return mailbox;
}

std::string FormatMailbox(const Mailbox& mailbox) {
  const std::string name = WithoutLineBreaks(mailbox.display_name);
  std::string address(1, '<');  // (not "<" + ...: g++ 12 warns falsely, -Wrestrict)
  address += WithoutLineBreaks(mailbox.address);
  address += '>';
  if (name.empty()) return address;
  if (IsAtomPhrase(name) && name.find("=?") == std::string::npos) return name + " " + address;
  if (IsPrintableAscii(name) && name.find("=?") == std::string::npos) {
    std::string quoted = "\"";
    for (const char c : name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\" " + address;
  }
  return EncodedWords(name) + " " + address;
}

std::string QuotedPrintable(std::string_view crlf_text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(crlf_text.size() + crlf_text.size() / 8);
  std::size_t start = 0;
  while (start < crlf_text.size()) {
    auto end = crlf_text.find("\r\n", start);
    const bool has_break = end != std::string_view::npos;
    if (!has_break) end = crlf_text.size();
    const std::string_view line = crlf_text.substr(start, end - start);
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool last = i + 1 == line.size();
      std::string token;
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
        token = static_cast<char>(c);
      } else {
        token = {'=', kHex[c >> 4], kHex[c & 15]};
      }
      if (width + token.size() > 75) {  // 75 + the soft break's "=" = 76
        out += "=\r\n";
        width = 0;
      }
      out += token;
      width += token.size();
    }
    if (has_break) out += "\r\n";
    start = has_break ? end + 2 : end;
  }
  return out;
}

}  // namespace rampart::infrastructure::messaging
