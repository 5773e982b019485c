#pragma once
// SmtpTransport over TCP (Asio) and TLS (OpenSSL), synchronous with deadlines: each step runs a
// private io_context on the calling thread (the mail consumer's own thread, never an event
// loop) until it completes, its deadline passes, or `abort` is set (within ~50 ms). Asio stays
// in the .cpp file.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "infrastructure/messaging/smtp/smtp_transport.hpp"

namespace rampart::infrastructure::smtp {

struct SmtpConnectorOptions {
  std::string host;
  std::uint16_t port = 587;
  bool implicit_tls = false;      // smtps://: TLS from the first byte
  std::filesystem::path ca_file;  // PEM bundle of trusted CAs; empty: the system's store
};

// AsioSmtpConnector makes connections to one server. The TLS context (TLS 1.2+, certificate and
// host name always verified) is built once: the constructor throws std::runtime_error when the CA
// file cannot be read, so a wrong setting stops the start instead of every delivery.
class AsioSmtpConnector {
 public:
  explicit AsioSmtpConnector(SmtpConnectorOptions options);
  ~AsioSmtpConnector();

  // NewTransport returns a new, unconnected transport; while `abort` (may be null) is set, every
  // step fails fast with kAborted.
  std::unique_ptr<SmtpTransport> NewTransport(const std::atomic<bool>* abort) const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace rampart::infrastructure::smtp
