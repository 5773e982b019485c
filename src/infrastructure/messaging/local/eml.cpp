#include "infrastructure/messaging/local/eml.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace rampart::infrastructure::messaging {

namespace {

std::string HeaderValue(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

bool IsPlainAscii(std::string_view text) {
  for (const unsigned char c : text) {
    if (c >= 0x80 || (c < 0x20 && c != '\t')) return false;
  }
  return true;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
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

// RFC 2047 encoded word for a non-ASCII subject.
std::string EncodedSubject(std::string_view subject) {
  const auto value = HeaderValue(subject);
  if (IsPlainAscii(value)) return value;
  return "=?UTF-8?B?" + Base64(value) + "?=";
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

// A body part's header and its CRLF text (also the body of a single-part message).
std::string Part(std::string_view type, std::string_view text) {
  return "Content-Type: " + std::string(type) +
         "; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + CrlfBody(text);
}

[[noreturn]] void Fail(std::string_view what, const std::filesystem::path& path) {
  throw std::runtime_error(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
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
  out += "From: " + HeaderValue(message.from) + "\r\n";
  out += "To: " + HeaderValue(message.to) + "\r\n";
  out += "Subject: " + EncodedSubject(message.subject) + "\r\n";
  out += "Date: " + FormatRfc5322Date(message.date) + "\r\n";
  out += "Message-ID: <" + HeaderValue(message.message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (message.html.empty()) {
    out += Part("text/plain", message.text);
    return out;
  }
  // The boundary holds the message's random id: no body can contain it by accident.
  const std::string boundary = "=_rampart_" + HeaderValue(message.message_id);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n" + Part("text/plain", message.text);
  out += "--" + boundary + "\r\n" + Part("text/html", message.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

bool WriteFileOnce(const std::filesystem::path& directory, std::string_view name,
                   std::string_view content) {
  std::filesystem::create_directories(directory);
  const auto target = directory / std::string(name);
  if (std::filesystem::exists(target)) return false;
  std::string temp_leaf = ".";
  temp_leaf.append(name).append(".tmp-XXXXXX");
  std::string temp_name = (directory / temp_leaf).string();
  const int fd = ::mkstemp(temp_name.data());
  if (fd < 0) Fail("cannot create", temp_name);
  std::size_t written = 0;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      ::unlink(temp_name.c_str());
      Fail("cannot write", temp_name);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::fchmod(fd, 0644) != 0) {
    ::close(fd);
    ::unlink(temp_name.c_str());
    Fail("cannot sync", temp_name);
  }
  ::close(fd);
  // link() fails with EEXIST instead of replacing: of two writers of one name, one wins.
  const int linked = ::link(temp_name.c_str(), target.c_str());
  const int link_errno = errno;
  ::unlink(temp_name.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return false;
    errno = link_errno;
    Fail("cannot link", target);
  }
  if (const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);  // the new directory entry survives a power loss
    ::close(dir);
  }
  return true;
}

}  // namespace rampart::infrastructure::messaging
