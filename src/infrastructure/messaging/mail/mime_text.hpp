#pragma once
// What an Internet message needs for text that is not plain ASCII (RFC 2045, RFC 2047) and the
// mailbox syntax of RFC 5322: shared by the .eml files of the pickup directory and the SMTP
// adapter, which send the same message.
#include <expected>
#include <string>
#include <string_view>

namespace rampart::infrastructure::messaging {

// Base64: standard base64 (RFC 4648 §4, with padding).
std::string Base64(std::string_view bytes);

// EncodeHeaderText returns an unstructured header value (a subject): as it is when it is printable
// ASCII, else RFC 2047 encoded words (UTF-8, B encoding) of at most 64 characters each, folded onto
// continuation lines ("\r\n "), never splitting a UTF-8 sequence. CR and LF become spaces first (no
// header injection).
std::string EncodeHeaderText(std::string_view text);

// Mailbox is an RFC 5322 mailbox: an optional display name (UTF-8) and an address.
struct Mailbox {
  std::string display_name;
  std::string address;
};

// ParseMailbox accepts "Name <local@domain>", "\"Name, Inc.\" <local@domain>", "<local@domain>" or
// "local@domain". The address must be printable ASCII without spaces or any of ()<>[]\,;:" and have
// a local part and a domain; the display name valid UTF-8 without control characters. The error is
// a reason phrase without the value.
std::expected<Mailbox, std::string> ParseMailbox(std::string_view text);

// FormatMailbox returns the mailbox as a From/To header value: the display name as it is when it is
// a phrase of atoms, a quoted string when it holds other ASCII (a comma, a dot), encoded words when
// it is not ASCII; then "<address>".
std::string FormatMailbox(const Mailbox& mailbox);

// QuotedPrintable: RFC 2045 §6.7 quoted-printable of a CRLF text: the line breaks stay, every
// encoded line is at most 76 characters (soft breaks "=\r\n"), and a space or tab before a line
// break is encoded.
std::string QuotedPrintable(std::string_view crlf_text);

}  // namespace rampart::infrastructure::messaging
