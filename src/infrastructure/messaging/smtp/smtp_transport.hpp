#pragma once
// One connection to an SMTP server, as the dialogue (SmtpSession) uses it: lines in, bytes
// out, an upgrade to TLS, every step bounded by a deadline. The real one is Asio + OpenSSL
// (asio_smtp_transport); tests script a peer behind the same interface.
#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace rampart::infrastructure::smtp {

using Deadline = std::chrono::steady_clock::time_point;

// SmtpFailure: why a step failed. `message` is safe to log: it never holds a credential or the
// message.
struct SmtpFailure {
  enum class Kind {
    kNetwork,   // resolve, connect, read or write failed; the connection is gone
    kTimeout,   // a step passed its deadline; the connection is gone
    kTls,       // handshake or certificate/host-name verification failed
    kProtocol,  // the server's answer was not SMTP, or unexpected
    kRejected,  // the server answered a command with 4xx/5xx (`code`)
    kAuth,      // AUTH refused (535 and the like)
    kPolicy,    // our own rule refused to go on (TLS required but not offered, AUTH in clear)
    kAborted,   // shutdown asked to stop
  };
  Kind kind = Kind::kProtocol;
  std::string message;
  int code = 0;  // the reply code for kRejected and kAuth

  // Temporary returns true for a failure the server told us is temporary (4xx): the same message
  // may work later.
  bool Temporary() const { return code >= 400 && code < 500; }
  // KindName returns "rejected", "timeout", ...: a small fixed set for metrics and logs.
  std::string_view KindName() const;
};

template <class T = void>
using SmtpResult = std::expected<T, SmtpFailure>;

class SmtpTransport {
 public:
  virtual ~SmtpTransport() = default;
  // Connect resolves and connects (every address in turn); for implicit TLS also the handshake.
  virtual SmtpResult<> Connect(Deadline deadline) = 0;
  // StartTls: the TLS handshake on the open connection (after the server's 220 to STARTTLS), with
  // the certificate and host name verified. Fails if the server sent anything ahead of it (RFC 3207
  // §6: a man in the middle could have injected commands).
  virtual SmtpResult<> StartTls(Deadline deadline) = 0;
  virtual SmtpResult<> Write(std::string_view bytes, Deadline deadline) = 0;
  // ReadLine returns one line without its CRLF.
  virtual SmtpResult<std::string> ReadLine(Deadline deadline) = 0;
  virtual bool Encrypted() const = 0;
  // LocalAddressLiteral returns the local address as an RFC 5321 address literal ("[192.0.2.1]",
  // "[IPv6:::1]"), for EHLO when the host has no domain name; empty when not connected.
  virtual std::string LocalAddressLiteral() const = 0;
  virtual void Close() = 0;
};

}  // namespace rampart::infrastructure::smtp
