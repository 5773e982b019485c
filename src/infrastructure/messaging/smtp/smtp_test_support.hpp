#pragma once
// Test support: a scripted SMTP server behind the SmtpTransport interface. The script lists,
// in order, what the server sends and what the client must write:
//   "S: 250 ok"      the next ReadLine returns "250 ok"
//   "C: EHLO *"      the next Write must be "EHLO " + anything + CRLF ("C: QUIT": exactly
//                    "QUIT\r\n"; "C: *" anything, e.g. a whole message)
//   "TLS"            the client must call StartTls now
//   "S! timeout"     the next ReadLine fails with kTimeout; "S! closed" with kNetwork
//   "CONNECT! refused" (first entry only) Connect fails with kNetwork
// A step that does not follow the script fails (kProtocol) and is recorded in `mismatch`.
#include <string>
#include <vector>

#include "infrastructure/messaging/smtp/smtp_transport.hpp"

namespace rampart::infrastructure::smtp::testing {

class ScriptedPeer final : public SmtpTransport {
 public:
  explicit ScriptedPeer(std::vector<std::string> script, bool implicit_tls = false)
      : script_(std::move(script)), encrypted_(implicit_tls) {}

  SmtpResult<> Connect(Deadline) override {
    ++connects;
    if (Next() == "CONNECT! refused") {
      ++next_;
      return Fail(SmtpFailure::Kind::kNetwork, "connect: Connection refused");
    }
    return {};
  }

  SmtpResult<> StartTls(Deadline) override {
    if (Next() != "TLS") return Mismatch("StartTls");
    ++next_;
    encrypted_ = true;
    return {};
  }

  SmtpResult<> Write(std::string_view bytes, Deadline) override {
    written.emplace_back(bytes);
    const std::string entry = Next();
    if (!entry.starts_with("C: ")) return Mismatch("write " + std::string(bytes));
    std::string expected = entry.substr(3);
    const bool prefix = expected.ends_with('*');
    if (prefix) expected.pop_back();
    const bool matches = prefix ? bytes.starts_with(expected) : bytes == expected + "\r\n";
    if (!matches) return Mismatch("write " + std::string(bytes));
    ++next_;
    return {};
  }

  SmtpResult<std::string> ReadLine(Deadline) override {
    const std::string entry = Next();
    if (entry == "S! timeout") {
      ++next_;
      return Fail(SmtpFailure::Kind::kTimeout, "waiting timed out");
    }
    if (entry == "S! closed") {
      ++next_;
      return Fail(SmtpFailure::Kind::kNetwork, "the server closed the connection");
    }
    if (!entry.starts_with("S: ")) return Mismatch("read");
    ++next_;
    return entry.substr(3);
  }

  bool Encrypted() const override { return encrypted_; }
  std::string LocalAddressLiteral() const override { return "[127.0.0.1]"; }
  void Close() override { ++closes; }

  bool Finished() const { return next_ == script_.size(); }
  // Every Write that carried a line, as written (CRLF included), for assertions.
  std::vector<std::string> written;
  std::string mismatch;
  int connects = 0;
  int closes = 0;

 private:
  std::string Next() const { return next_ < script_.size() ? script_[next_] : "(end)"; }
  static std::unexpected<SmtpFailure> Fail(SmtpFailure::Kind kind, std::string message) {
    return std::unexpected(SmtpFailure{.kind = kind, .message = std::move(message)});
  }
  std::unexpected<SmtpFailure> Mismatch(const std::string& step) {
    if (mismatch.empty()) mismatch = step + " where the script has " + Next();
    return Fail(SmtpFailure::Kind::kProtocol, "off script: " + step);
  }

  std::vector<std::string> script_;
  std::size_t next_ = 0;
  bool encrypted_ = false;
};

// BorrowedTransport is a transport that forwards to a peer the test keeps (the consumer destroys
// its transports).
class BorrowedTransport final : public SmtpTransport {
 public:
  explicit BorrowedTransport(SmtpTransport& peer) : peer_(peer) {}
  SmtpResult<> Connect(Deadline deadline) override { return peer_.Connect(deadline); }
  SmtpResult<> StartTls(Deadline deadline) override { return peer_.StartTls(deadline); }
  SmtpResult<> Write(std::string_view bytes, Deadline deadline) override {
    return peer_.Write(bytes, deadline);
  }
  SmtpResult<std::string> ReadLine(Deadline deadline) override { return peer_.ReadLine(deadline); }
  bool Encrypted() const override { return peer_.Encrypted(); }
  std::string LocalAddressLiteral() const override { return peer_.LocalAddressLiteral(); }
  void Close() override { peer_.Close(); }

 private:
  SmtpTransport& peer_;
};

}  // namespace rampart::infrastructure::smtp::testing
