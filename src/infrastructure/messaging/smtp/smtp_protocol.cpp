#include "infrastructure/messaging/smtp/smtp_protocol.hpp"

#include <algorithm>
#include <cctype>

#include "infrastructure/messaging/mail/mime_text.hpp"

namespace rampart::infrastructure::smtp {

namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto space = text.find_first_of(" =", start);
    const auto end = space == std::string_view::npos ? text.size() : space;
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace

std::optional<ReplyLine> ParseReplyLine(std::string_view line) {
  if (line.size() < 3 || !std::all_of(line.begin(), line.begin() + 3,
                                      [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  if (line[0] < '2' || line[0] > '5') return std::nullopt;
  ReplyLine reply{.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0')};
  if (line.size() == 3) return reply;
  if (line[3] != ' ' && line[3] != '-') return std::nullopt;
  reply.last = line[3] == ' ';
  reply.text = std::string(line.substr(4));
  return reply;
}

std::string SmtpReply::Text() const {
  std::string text = std::to_string(code);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    text += i == 0 ? " " : " / ";
    text += lines[i];
  }
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  constexpr std::size_t kMax = 300;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

Extensions ParseExtensions(const SmtpReply& ehlo) {
  Extensions extensions;
  // The first line is the server's greeting to us, not an extension.
  for (std::size_t i = 1; i < ehlo.lines.size(); ++i) {
    const auto words = Words(Upper(ehlo.lines[i]));
    if (words.empty()) continue;
    const auto& keyword = words.front();
    if (keyword == "STARTTLS") extensions.starttls = true;
    if (keyword == "8BITMIME") extensions.eight_bit_mime = true;
    if (keyword == "SMTPUTF8") extensions.smtputf8 = true;
    if (keyword == "AUTH") {  // "AUTH PLAIN LOGIN" and the old "AUTH=PLAIN LOGIN"
      extensions.auth = true;
      for (std::size_t k = 1; k < words.size(); ++k) {
        if (words[k] == "PLAIN") extensions.auth_plain = true;
        if (words[k] == "LOGIN") extensions.auth_login = true;
      }
    }
  }
  return extensions;
}

std::string DotStuffed(std::string_view crlf_message) {
  std::string out;
  out.reserve(crlf_message.size() + crlf_message.size() / 64 + 8);
  bool line_start = true;
  for (const char c : crlf_message) {
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = c == '\n';
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  out += ".\r\n";
  return out;
}

std::string SaslPlainResponse(std::string_view user, std::string_view password) {
  std::string credentials;
  credentials += '\0';
  credentials += user;
  credentials += '\0';
  credentials += password;
  return messaging::Base64(credentials);
}

bool HasEightBit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x80; });
}

}  // namespace rampart::infrastructure::smtp
