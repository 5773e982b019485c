#pragma once
// The text of the SMTP protocol (RFC 5321) without any I/O: reply lines, the EHLO extensions,
// DATA's dot-stuffing and the SASL PLAIN response.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::infrastructure::smtp {

// ReplyLine is one line of a reply: "250-text" (more follow) or "250 text" (the last).
struct ReplyLine {
  int code = 0;
  bool last = true;
  std::string text;
};

// ParseReplyLine returns nullopt when the line is not "<3 digits>[ -]text" (or just the 3 digits).
std::optional<ReplyLine> ParseReplyLine(std::string_view line);

// SmtpReply is a complete reply: its code and the text of every line.
struct SmtpReply {
  int code = 0;
  std::vector<std::string> lines;
  // Text returns the lines joined by " / ", cut to a length fit for a log line.
  std::string Text() const;
};

// Extensions: what the server announced in its EHLO reply (the lines after the greeting line).
struct Extensions {
  bool starttls = false;
  bool eight_bit_mime = false;  // 8BITMIME (RFC 6152)
  bool smtputf8 = false;        // SMTPUTF8 (RFC 6531)
  bool auth_plain = false;      // AUTH PLAIN
  bool auth_login = false;      // AUTH LOGIN
  bool auth = false;            // any AUTH line
};
Extensions ParseExtensions(const SmtpReply& ehlo);

// DotStuffed returns the message as DATA sends it: every line that starts with '.' gets a second
// one, the text ends with CRLF, then the terminating ".\r\n" (RFC 5321 §4.5.2). Expects CRLF line
// endings.
std::string DotStuffed(std::string_view crlf_message);

// SaslPlainResponse returns the SASL PLAIN initial response (RFC 4616): base64("\0" user "\0"
// password).
std::string SaslPlainResponse(std::string_view user, std::string_view password);

// HasEightBit returns whether text holds a byte outside 7-bit ASCII.
bool HasEightBit(std::string_view text);

}  // namespace rampart::infrastructure::smtp
