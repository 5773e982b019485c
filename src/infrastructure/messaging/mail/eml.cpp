#include "infrastructure/messaging/mail/eml.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "infrastructure/messaging/mail/mime_text.hpp"

namespace rampart::infrastructure::messaging {

namespace {

std::string HeaderValue(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

std::string CrlfBody(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

// Whether a CRLF text has a line longer than RFC 5322's limit of 998 characters.
bool HasLongLine(std::string_view crlf_text) {
  for (std::size_t start = 0; start < crlf_text.size();) {
    auto end = crlf_text.find("\r\n", start);
    if (end == std::string_view::npos) end = crlf_text.size();
    if (end - start > 998) return true;
    start = end + 2;
  }
  return false;
}

// A body part's header and its CRLF text (also the body of a single-part message): 8bit, or
// quoted-printable when a line is too long for 8bit or the transport needs 7-bit text.
std::string Part(std::string_view type, std::string_view text, bool seven_bit) {
  const auto body = CrlfBody(text);
  const bool ascii =
      std::all_of(body.begin(), body.end(), [](unsigned char c) { return c < 0x80; });
  const bool quoted_printable = HasLongLine(body) || (seven_bit && !ascii);
  return "Content-Type: " + std::string(type) + "; charset=utf-8\r\nContent-Transfer-Encoding: " +
         (quoted_printable ? "quoted-printable\r\n\r\n" + QuotedPrintable(body)
                           : "8bit\r\n\r\n" + body);
}

// A multipart boundary from the message id: RFC 2046 allows letters, digits and '()+_,-./:=?
// only (not the id's '@').
std::string Boundary(std::string_view message_id) {
  std::string boundary = "=_rampart_";
  for (const char c : message_id) {
    boundary += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '.';
  }
  return boundary.substr(0, 70);
}

}  // namespace

std::string FormatRfc5322Date(domain::TimePoint at) {
  // Fixed English names (RFC 5322 §3.3), whatever the process locale.
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{at - day};
  const std::chrono::weekday weekday{day};
  std::array<char, 48> out{};
  std::snprintf(out.data(), out.size(), "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[weekday.c_encoding()], static_cast<unsigned>(date.day()),
                kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return out.data();
}

std::string FormatEml(const EmlMessage& message) {
  std::string out;
  const auto from = ParseMailbox(message.from);
  out += "From: " + (from ? FormatMailbox(*from) : HeaderValue(message.from)) + "\r\n";
  out += "To: " + HeaderValue(message.to) + "\r\n";
  out += "Subject: " + EncodeHeaderText(message.subject) + "\r\n";
  out += "Date: " + FormatRfc5322Date(message.date) + "\r\n";
  out += "Message-ID: <" + HeaderValue(message.message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (message.html.empty()) {
    out += Part("text/plain", message.text, message.seven_bit);
    return out;
  }
  // The boundary holds the message's random id: no body can contain it by accident.
  const std::string boundary = Boundary(message.message_id);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n" + Part("text/plain", message.text, message.seven_bit);
  out += "--" + boundary + "\r\n" + Part("text/html", message.html, message.seven_bit);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace rampart::infrastructure::messaging
