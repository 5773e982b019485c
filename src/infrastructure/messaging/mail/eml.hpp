#pragma once
// RFC 5322 messages: the text the SMTP adapter sends and the mail pickup directory's .eml files
// hold (what .NET's SmtpClient writes with SpecifiedPickupDirectory): a developer opens them in
// any mail client or reads them as text.
#include <string>
#include <string_view>

#include "domain/time.hpp"

namespace rampart::infrastructure::messaging {

struct EmlMessage {
  std::string from;  // a mailbox, "Name <local@domain>" (see ParseMailbox in mime_text.hpp)
  std::string to;
  std::string subject;     // UTF-8; encoded as RFC 2047 words when not plain ASCII
  std::string text;        // UTF-8 plain-text body; any line ending becomes CRLF
  std::string html;        // UTF-8 HTML alternative, escaped by its author; empty for none
  std::string message_id;  // without angle brackets, e.g. "<uuid>@rampart"
  domain::TimePoint date{};
  // Bodies that are not ASCII go quoted-printable instead of 8bit: for an SMTP server that
  // does not announce 8BITMIME (RFC 6152).
  bool seven_bit = false;
};

// FormatEml returns the message as an RFC 5322 text with CRLF line endings: From, To, Subject,
// Date, Message-ID, MIME-Version and a text/plain; charset=utf-8 8bit body — or, when `html` is
// set, a multipart/alternative body with that text part first and the text/html part second (RFC
// 2046 §5.1.4: the richer alternative last). A part with a line longer than 998 characters (or not
// ASCII, with `seven_bit`) is quoted-printable. The From display name and the subject are RFC 2047
// encoded words when not ASCII. CR and LF inside header values are replaced by spaces (no header
// injection through a display name or subject).
std::string FormatEml(const EmlMessage& message);

// FormatRfc5322Date: RFC 5322 date-time in UTC, e.g. "Sun, 29 Nov 2026 01:15:00 +0000".
std::string FormatRfc5322Date(domain::TimePoint at);

}  // namespace rampart::infrastructure::messaging
