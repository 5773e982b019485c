#pragma once
// The client side of one SMTP conversation (RFC 5321) over an SmtpTransport: greeting, EHLO,
// STARTTLS (RFC 3207), AUTH PLAIN or LOGIN (RFC 4954), then any number of mails (MAIL FROM,
// RCPT TO, DATA), then QUIT. Every step has its own timeout, further bounded by the caller's
// limit (the queue message's visibility, shutdown).
#include <chrono>
#include <string>
#include <string_view>

#include "infrastructure/messaging/smtp/smtp_protocol.hpp"
#include "infrastructure/messaging/smtp/smtp_transport.hpp"

namespace rampart::infrastructure::smtp {

// StartTls: STARTTLS on an smtp:// connection (smtps:// is TLS from the first byte either way).
enum class StartTls {
  kWhenOffered,  // upgrade when the server offers it; stay in clear text when it does not
  kRequired,     // refuse to go on (no AUTH, no mail) unless the connection is upgraded
};

struct SmtpTimeouts {
  std::chrono::milliseconds connect{10'000};   // DNS, TCP and (smtps://) the TLS handshake
  std::chrono::milliseconds greeting{30'000};  // the server's 220 after connecting
  std::chrono::milliseconds command{30'000};   // each command's reply, and the STARTTLS handshake
  std::chrono::milliseconds data{60'000};      // sending the message and the reply to its final dot
};

struct SmtpSessionOptions {
  bool implicit_tls = false;  // smtps://
  StartTls starttls = StartTls::kWhenOffered;
  std::string username;  // empty: no AUTH
  std::string password;  // a secret: only ever written to the transport
  // AUTH over a connection that is not encrypted: refused unless this says so (a relay on the
  // same host or in the same pod).
  bool allow_plaintext_auth = false;
  std::string helo_name;  // empty: the local address literal
  SmtpTimeouts timeouts;
};

struct Envelope {
  std::string sender;     // MAIL FROM, a bare address
  std::string recipient;  // RCPT TO, a bare address
};

class SmtpSession {
 public:
  SmtpSession(SmtpTransport& transport, SmtpSessionOptions options);

  // Open connects and gets the session ready for mail: greeting, EHLO, STARTTLS (and EHLO again),
  // AUTH. Any failure closes the transport.
  SmtpResult<> Open(Deadline limit);

  // Send sends one mail (`message`: CRLF text). A 4xx/5xx to MAIL, RCPT, DATA or the final dot is
  // kRejected with the code, and the session stays usable (RSET sent); any other failure ends
  // the session (Usable() turns false). A recipient that is not ASCII needs the server's
  // SMTPUTF8, else kPolicy before anything is sent.
  SmtpResult<> Send(const Envelope& envelope, std::string_view message, Deadline limit);

  // Close: QUIT (without waiting long for the answer), then closes the transport.
  void Close(Deadline limit);

  bool Usable() const { return usable_; }
  const Extensions& ServerExtensions() const { return extensions_; }

 private:
  Deadline StepDeadline(std::chrono::milliseconds timeout, Deadline limit) const;
  SmtpResult<SmtpReply> ReadReply(Deadline deadline);
  // Command writes `line` + CRLF and reads the reply; `shown` replaces the line in failure messages
  // (AUTH responses are credentials).
  SmtpResult<SmtpReply> Command(std::string_view line, Deadline deadline,
                                std::string_view shown = {});
  SmtpResult<> Expect(const SmtpResult<SmtpReply>& reply, int code, std::string_view step,
                      SmtpFailure::Kind refused = SmtpFailure::Kind::kRejected);
  SmtpResult<> Ehlo(Deadline limit);
  SmtpResult<> Upgrade(Deadline limit);
  SmtpResult<> Authenticate(Deadline limit);
  SmtpResult<> Fail(SmtpFailure failure);

  SmtpTransport& transport_;
  SmtpSessionOptions options_;
  Extensions extensions_;
  bool usable_ = false;
};

}  // namespace rampart::infrastructure::smtp
